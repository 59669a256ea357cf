import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../setup/free-port.js';

const MAIN = resolve('dist/src/main.js');

/** The first quick-start command as a user runs it: no DATABASE_URL, a fresh folder. */
function start(cwd: string, env: Record<string, string>): { child: ChildProcess; output: () => string; ready: Promise<string> } {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(DATABASE_URL|DATABASE_POOL_MAX|MIGRATIONS_RUN|DATA_DIR|MAIL_DIR|ADMIN_|JWT_SECRET|APP_URL|NODE_ENV|TEST_|COFFER_)/.test(k)),
  );
  const child = spawn(process.execPath, [MAIN], { cwd, env: { ...clean, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const ready = new Promise<string>((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner within 120 s:\n${out}`)), 120_000);
    child.stdout.on('data', () => {
      const match = /running at (\S+)/.exec(out);
      if (match && /Log in/.test(out)) {
        clearTimeout(timer);
        resolvePromise(match[1]);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}:\n${out}`));
    });
  });
  return { child, output: () => out, ready };
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((r) => {
    child.once('exit', (code) => r(code));
    child.kill('SIGTERM');
  });
}

describe('embedded default (PGlite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'coffer-embedded-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // Below the ephemeral range (freePort): a random port above 32768 once collided with another connection.
  let port: string;
  let filePort: string;
  beforeAll(async () => {
    port = String(await freePort());
    do filePort = String(await freePort());
    while (filePort === port);
  });

  it('boots on a fresh folder, migrates, prints how to log in, answers, and keeps its data across a restart', async () => {
    const first = start(dir, { PORT: port });
    const url = await first.ready;
    expect(url).toBe(`http://localhost:${port}`);
    const password = /with password (\S+)/.exec(first.output())![1];
    expect(first.output()).toContain('Log in as admin@coffer.local');

    const health = await fetch(`${url}/health`).then((r) => r.json());
    expect(health).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
    const login = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@coffer.local', password }),
    });
    expect(login.status).toBe(200);
    // First start of the embedded default loads the demo data, so every list shows something.
    expect(first.output()).toMatch(/Demo data loaded: \d+ donations/);
    const auth = { authorization: `Bearer ${((await login.json()) as { accessToken: string }).accessToken}` };
    const donations = (await fetch(`${url}/api/v1/donations?limit=200`, { headers: auth }).then((r) => r.json())) as { items: { channel: string }[] };
    expect(new Set(donations.items.map((d) => d.channel))).toEqual(new Set(['stripe', 'patreon', 'merch', 'bank', 'crypto', 'other']));
    const grants = (await fetch(`${url}/api/v1/grants`, { headers: auth }).then((r) => r.json())) as { items: { title: string; status: string }[] };
    expect(grants.items.map((g) => `${g.title}: ${g.status}`).sort()).toEqual([
      'Capability-based security: selected',
      'Unix-style Signals for Redox: active',
      'io_uring-like ring-buffer IO: selected',
    ]);
    // …and where the money goes: four roles and two students, payments, expenses, a runway with dates.
    const roles = (await fetch(`${url}/api/v1/roles`, { headers: auth }).then((r) => r.json())) as { items: { kind: string; status: string }[] };
    expect(roles.items.map((r) => `${r.kind}:${r.status}`).sort()).toEqual(['contractor:active', 'staff:active', 'staff:hiring', 'stipend:active', 'stipend:active']);
    const runway = (await fetch(`${url}/api/v1/runway`, { headers: auth }).then((r) => r.json())) as {
      funds: { code: string; monthsOfRunway: number | null }[];
      roles: { fundedThrough: string | null }[];
    };
    expect(runway.funds.find((f) => f.code === 'general')!.monthsOfRunway).toBeGreaterThan(0);
    expect(runway.roles.filter((r) => r.fundedThrough !== null)).toHaveLength(5);
    const docs = await fetch(`${url}/docs`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger');
    const spec = (await fetch(`${url}/docs-json`).then((r) => r.json())) as { paths: Record<string, unknown> };
    expect(Object.keys(spec.paths)).toContain('/api/v1/auth/login');
    expect(await stop(first.child)).toBe(0);

    const second = start(dir, { PORT: port });
    await second.ready;
    expect(second.output()).not.toContain('with password');
    const again = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@coffer.local', password }),
    });
    expect(again.status).toBe(200);
    expect(await stop(second.child)).toBe(0);
    // Two cold starts of WebAssembly PostgreSQL plus the demo data: on a loaded 2-core machine, well over a minute.
  }, 180_000);

  it('refuses to start with a wrong setting, in one line naming it', async () => {
    const run = start(dir, { PORT: 'eighty' });
    await expect(run.ready).rejects.toThrow(/exited with 1/);
    const lines = run.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Invalid configuration: PORT: .*integer/);
    expect(lines[0]).not.toContain('eighty');
  });

  it('takes a setting from .env exactly as from the environment, the environment winning', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'coffer-dotenv-'));
    writeFileSync(
      join(folder, '.env'),
      [
        `PORT=${filePort}`,
        'ADMIN_EMAIL=dotenv@coffer.local',
        'ADMIN_PASSWORD=from-the-env-file-123',
        'SEED_DEMO=0',
        'LOG_FORMAT=json',
        'LOG_LEVEL=info',
        'MAIL_DIR=./mail-from-file',
      ].join('\n'),
    );
    try {
      // LOG_LEVEL is also set in the environment (warn, by start()): the environment wins.
      const run = start(folder, {});
      const url = await run.ready;
      expect(url).toBe(`http://localhost:${filePort}`);
      expect(run.output()).toContain('Log in as dotenv@coffer.local with the ADMIN_PASSWORD you set');
      expect(run.output()).toContain(`${folder}/mail-from-file`);
      const login = await fetch(`${url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'dotenv@coffer.local', password: 'from-the-env-file-123' }),
      });
      expect(login.status).toBe(200);
      // LOG_LEVEL=warn from the environment beat LOG_LEVEL=info from the file: no info lines.
      expect(run.output()).not.toContain('"level":30');
      expect(await stop(run.child)).toBe(0);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
