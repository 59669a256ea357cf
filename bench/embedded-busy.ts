/**
 * Not a ratio benchmark: the measurement behind docs/imports.md ("Large files on the embedded
 * database"). Starts the embedded default on a fresh folder, uploads a ~12 MB bank CSV and polls
 * /health/live, /health/ready and a read route while the import holds the only connection.
 *   npm run build && npx tsc -p bench/tsconfig.json && node dist/bench/embedded-busy.js
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const MB = Number(process.env.BENCH_IMPORT_MB ?? 12);

interface Poll {
  ms: number;
  status: number;
}

function summary(polls: Poll[]): string {
  const ms = polls.map((p) => p.ms).sort((a, b) => a - b);
  const statuses: Record<number, number> = {};
  for (const p of polls) statuses[p.status] = (statuses[p.status] ?? 0) + 1;
  return `${polls.length} polls, median ${ms[Math.floor(ms.length / 2)]} ms, max ${ms.at(-1)} ms, statuses ${JSON.stringify(statuses)}`;
}

function bankCsv(bytes: number): { csv: string; rows: number } {
  const lines = ['Date;Amount;Counterparty;Purpose;Reference'];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const line = `2026-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')};${(i % 5000) + 1},${String(i % 100).padStart(2, '0')};Donor ${i};Monthly gift for the build engineer ${i};REF-${i}`;
    lines.push(line);
    size += line.length + 1;
  }
  return { csv: lines.join('\n') + '\n', rows: lines.length - 1 };
}

export default async function embeddedBusy(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'coffer-busy-'));
  // Below the kernel's ephemeral range (32768+), where no outgoing connection can hold it.
  const port = 21_000 + Math.floor(Math.random() * 1000);
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(DATABASE_URL|TEST_|COFFER_)/.test(k))) as Record<string, string>;
  const child = spawn(process.execPath, ['dist/src/main.js'], {
    env: {
      ...env,
      PORT: String(port),
      DATA_DIR: join(dir, 'data'),
      MAIL_DIR: join(dir, 'mail'),
      SEED_DEMO: '0',
      ADMIN_EMAIL: 'busy@coffer.test',
      ADMIN_PASSWORD: 'busy-password-123',
      LOG_LEVEL: 'warn',
      JOBS: 'off',
      EMAIL_WORKER: 'off',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  try {
    while (!/running at/.test(out)) {
      if (child.exitCode !== null) throw new Error(out);
      await new Promise((r) => setTimeout(r, 200));
    }
    const base = `http://127.0.0.1:${port}`;
    const json = { 'content-type': 'application/json' };
    const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: json, body: JSON.stringify({ email: 'busy@coffer.test', password: 'busy-password-123' }) });
    const auth = { authorization: `Bearer ${((await login.json()) as { accessToken: string }).accessToken}` };
    await fetch(`${base}/api/v1/imports/profiles`, {
      method: 'POST',
      headers: { ...auth, ...json },
      body: JSON.stringify({
        name: 'busy',
        delimiter: ';',
        decimalSeparator: ',',
        dateColumn: 'Date',
        dateFormat: 'YYYY-MM-DD',
        amountColumn: 'Amount',
        descriptionColumns: ['Purpose'],
        referenceColumn: 'Reference',
        counterpartyColumn: 'Counterparty',
        currency: 'EUR',
        account: 'DE00123456780000000001',
      }),
    });
    const { csv, rows } = bankCsv(MB * 1024 * 1024);
    const form = new FormData();
    form.append('kind', 'bank');
    form.append('profile', 'busy');
    form.append('file', new Blob([csv]), 'big.csv');
    const polls: Record<'live' | 'ready' | 'read', Poll[]> = { live: [], ready: [], read: [] };
    let done = false;
    const poll = async (name: keyof typeof polls, path: string, headers: Record<string, string> = {}) => {
      while (!done) {
        const started = Date.now();
        const status = await fetch(`${base}${path}`, { headers }).then(
          (r) => r.status,
          () => 0,
        );
        polls[name].push({ ms: Date.now() - started, status });
        await new Promise((r) => setTimeout(r, 500));
      }
    };
    const loadBefore = loadavg()[0];
    const started = Date.now();
    const pollers = [poll('live', '/health/live'), poll('ready', '/health/ready'), poll('read', '/api/v1/funds', auth)];
    const res = await fetch(`${base}/api/v1/imports`, { method: 'POST', headers: auth, body: form });
    const body = (await res.json()) as { created?: number };
    const importMs = Date.now() - started;
    done = true;
    await Promise.all(pollers);
    console.log(`import of ${MB} MB, ${rows} rows: ${res.status} in ${importMs} ms (created ${body.created})`);
    console.log(`/health/live: ${summary(polls.live)}`);
    console.log(`/health/ready: ${summary(polls.ready)}`);
    console.log(`GET /api/v1/funds: ${summary(polls.read)}`);
    console.log(`nproc ${cpus().length}, load average ${loadBefore.toFixed(2)} → ${loadavg()[0].toFixed(2)}`);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await embeddedBusy();
