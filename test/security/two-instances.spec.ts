import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import pg from 'pg';
import { hashPassword } from '../../src/users/password.js';

const MAIN = resolve('dist/src/main.js');
const LIMIT = 10;

interface Instance {
  child: ChildProcess;
  url: string;
  output: () => string;
}

/** A real `node dist/src/main.js` on the run's database, as a second machine behind a load balancer would run it. */
function start(name: string): Promise<Instance> {
  const port = String(30_000 + Math.floor(Math.random() * 20_000));
  const env = {
    ...process.env,
    PORT: port,
    HOST: '127.0.0.1',
    APP_URL: `http://127.0.0.1:${port}`,
    DATABASE_URL: process.env.COFFER_TEST_DB_URL!,
    DATABASE_POOL_MAX: '3',
    MIGRATIONS_RUN: 'false',
    JOBS: 'off',
    EMAIL_WORKER: 'off',
    SEED_DEMO: '0',
    LOG_LEVEL: 'warn',
    LOGIN_RATE_LIMIT_PER_MINUTE: String(LIMIT),
    TRUST_PROXY: 'true',
  };
  const child = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name}: no banner within 90 s:\n${out}`)), 90_000);
    child.stdout.on('data', () => {
      if (/running at/.test(out) && /Log in/.test(out)) {
        clearTimeout(timer);
        resolvePromise({ child, url: `http://127.0.0.1:${port}`, output: () => out });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code}:\n${out}`));
    });
  });
}

function stop(instance: Instance): Promise<void> {
  return new Promise((r) => {
    if (instance.child.exitCode !== null) return r();
    instance.child.once('exit', () => r());
    instance.child.kill('SIGTERM');
  });
}

const login = (instance: Instance, client: string, body: { email: string; password: string }) =>
  fetch(`${instance.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': client }, body: JSON.stringify(body) });

/** R10 (issue 10 item 13): two app processes on one PostgreSQL share their rate limits and accept each other's tokens. */
describe('R10 two instances on one database', () => {
  let a: Instance;
  let b: Instance;
  let db: pg.Client;

  beforeAll(async () => {
    db = new pg.Client({ connectionString: process.env.COFFER_TEST_DB_URL });
    await db.connect();
    [a, b] = await Promise.all([start('A'), start('B')]);
  }, 120_000);
  afterAll(async () => {
    await Promise.all([a && stop(a), b && stop(b)]);
    await db.end();
  });

  it("counts one client's logins across both instances: exactly the limit gets through, whichever instance answers", async () => {
    const client = `203.0.113.${Math.floor(Math.random() * 200) + 1}`;
    const attempts = 3 * LIMIT;
    const results = await Promise.all(
      Array.from({ length: attempts }, (_, i) =>
        login(i % 2 ? b : a, client, { email: `nobody-${i}@coffer.test`, password: 'wrong-password' }).then((r) => ({ i, status: r.status })),
      ),
    );
    const through = results.filter((r) => r.status !== 429);
    const refused = results.filter((r) => r.status === 429);
    const [row] = (await db.query(`SELECT hits FROM rate_limit_counters WHERE key LIKE $1`, [`${client}%`])).rows;
    process.stdout.write(
      `R10 shared rate limit: 2 instances, ${attempts} logins at once from one client against ${LIMIT}/min, ${through.length} let through (A ${through.filter((r) => r.i % 2 === 0).length}, B ${through.filter((r) => r.i % 2 === 1).length}), ${refused.length} refused with 429, counter ${row?.hits}\n`,
    );
    expect(through).toHaveLength(LIMIT);
    expect(through.every((r) => r.status === 401)).toBe(true);
    expect(refused).toHaveLength(attempts - LIMIT);
    // Another client is not affected by the first one's exhausted window.
    expect((await login(b, '198.51.100.77', { email: 'nobody@coffer.test', password: 'wrong-password' })).status).toBe(401);
  });

  it('accepts a token issued by one instance on the other, and ends it on both after a password change', async () => {
    const email = `two-${randomUUID()}@coffer.test`;
    await db.query(`INSERT INTO users (email, name, roles, password_hash) VALUES ($1, 'Two Instances', '{admin}', $2)`, [email, await hashPassword('first-password-123')]);
    const res = await login(a, '198.51.100.80', { email, password: 'first-password-123' });
    expect(res.status).toBe(200);
    const { accessToken, user } = (await res.json()) as { accessToken: string; user: { id: string } };
    const me = (instance: Instance) => fetch(`${instance.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${accessToken}` } }).then((r) => r.status);
    expect(await me(b)).toBe(200);
    const change = await fetch(`${a.url}/api/v1/users/${user.id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ password: 'second-password-456' }),
    });
    expect(change.status).toBe(200);
    expect(await me(a)).toBe(401);
    // B cached the user for at most 5 s.
    await new Promise((r) => setTimeout(r, 5_100));
    expect(await me(b)).toBe(401);
  });
});
