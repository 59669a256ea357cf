import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import pg from 'pg';
import { hashPassword } from '../../src/users/password.js';
import { freePort } from '../setup/free-port.js';

const MAIN = resolve('dist/src/main.js');
const LIMIT = 10;

interface Instance {
  child: ChildProcess;
  url: string;
  output: () => string;
}

/** A real `node dist/src/main.js` on the run's database, as a second machine behind a load balancer would run it. */
async function start(name: string): Promise<Instance> {
  // Below the ephemeral range (freePort): a random port from 30000-50000 was once taken by another connection.
  const port = String(await freePort());
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

  it('a staff session kept by both instances ends on the other at once: sign-out, deactivation, a role change (B7 session cache)', async () => {
    const embedded = process.env.COFFER_TEST_DB_EMBEDDED === '1';
    const password = 'staff-password-123';
    const newUser = async (label: string) => {
      const email = `staff-${label}-${randomUUID()}@coffer.test`;
      const [row] = (
        await db.query(`INSERT INTO users (email, name, roles, password_hash) VALUES ($1, $2, '{admin}', $3) RETURNING id`, [email, `Two ${label}`, await hashPassword(password)])
      ).rows;
      return { email, id: row.id as string };
    };
    let clients = 90;
    const signIn = async (instance: Instance, email: string) => {
      const res = await fetch(`${instance.url}/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': `198.51.100.${++clients}` },
        body: new URLSearchParams({ email, password, next: '/staff' }),
      });
      expect(res.status).toBe(303);
      const cookie = res.headers
        .getSetCookie()
        .find((c) => c.startsWith('coffer_session='))!
        .split(';')[0];
      const page = await fetch(`${instance.url}/staff`, { headers: { cookie }, redirect: 'manual' });
      expect(page.status).toBe(200);
      return { cookie, csrf: /name="_csrf" value="([^"]+)"/.exec(await page.text())![1] };
    };
    const home = (instance: Instance, cookie: string) => fetch(`${instance.url}/staff`, { headers: { cookie }, redirect: 'manual' }).then((r) => r.status);
    /** Both instances have looked the session up (so each may keep it). */
    const seenOnBoth = async (cookie: string) => expect([await home(a, cookie), await home(b, cookie), await home(a, cookie)]).toEqual([200, 200, 200]);

    // The caches are in use on PostgreSQL: a row deleted without its trigger (as if the
    // notification were lost) still opens A's pages; on the embedded database nothing is kept.
    const probe = await newUser('probe');
    const kept = await signIn(a, probe.email);
    await seenOnBoth(kept.cookie);
    await db.query('BEGIN');
    await db.query(`SET LOCAL session_replication_role = replica`);
    await db.query(`DELETE FROM staff_sessions WHERE user_id = $1`, [probe.id]);
    await db.query('COMMIT');
    expect(await home(a, kept.cookie)).toBe(embedded ? 303 : 200);

    const admin = await newUser('admin');
    const token = ((await (await login(b, '198.51.100.81', { email: admin.email, password })).json()) as { accessToken: string }).accessToken;
    const patch = (id: string, body: object) =>
      fetch(`${b.url}/api/v1/users/${id}`, { method: 'PATCH', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(
        (r) => r.status,
      );

    const out = await newUser('out');
    const s1 = await signIn(a, out.email);
    await seenOnBoth(s1.cookie);
    const logout = await fetch(`${b.url}/logout`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: s1.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: s1.csrf }),
    });
    expect(logout.status).toBe(303);
    expect(await home(a, s1.cookie)).toBe(303);
    expect(await home(b, s1.cookie)).toBe(303);

    const deactivated = await newUser('deactivated');
    const s2 = await signIn(a, deactivated.email);
    await seenOnBoth(s2.cookie);
    expect(await patch(deactivated.id, { active: false })).toBe(200);
    expect(await home(a, s2.cookie)).toBe(303);

    const demoted = await newUser('demoted');
    const s3 = await signIn(b, demoted.email);
    await seenOnBoth(s3.cookie);
    expect(await patch(demoted.id, { roles: ['board'] })).toBe(200);
    expect(await home(a, s3.cookie)).toBe(303);
  });

  it('a fund renamed on one instance shows under its new name on the other at once (B7 fund list)', async () => {
    const email = `funds-${randomUUID()}@coffer.test`;
    await db.query(`INSERT INTO users (email, name, roles, password_hash) VALUES ($1, 'Two Funds', '{admin}', $2)`, [email, await hashPassword('funds-password-123')]);
    const token = ((await (await login(b, '198.51.100.82', { email, password: 'funds-password-123' })).json()) as { accessToken: string }).accessToken;
    const code = `two${randomUUID().slice(0, 8)}`;
    const [fund] = (await db.query(`INSERT INTO funds (code, name, restricted) VALUES ($1, 'Fund before', false) RETURNING id`, [code])).rows;
    const donate = async (instance: Instance) => (await fetch(`${instance.url}/donate`, { headers: { 'x-forwarded-for': '198.51.100.83' } })).text();
    expect(await donate(a)).toContain('Fund before');
    expect(await donate(a)).toContain('Fund before');
    const renamed = await fetch(`${b.url}/api/v1/funds/${fund.id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Fund after' }),
    });
    expect(renamed.status).toBe(200);
    const page = await donate(a);
    expect(page).toContain('Fund after');
    expect(page).not.toContain('Fund before');
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
