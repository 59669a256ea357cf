import pg from 'pg';
import { createTestApp, TestApp } from '../setup/test-app.js';
import { membersCsv, postStream, sql, upload } from './import-helpers.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('R4 imports: the database connection dies mid-import', () => {
  let t: TestApp;
  let auth: { Authorization: string };
  let admin: pg.Client;
  beforeAll(async () => {
    t = await createTestApp();
    auth = (await t.userWith('treasurer')).auth;
    admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
  });
  afterAll(async () => {
    await admin.end();
    await t.close();
  });

  /** The app's connection that holds the import lock and has written rows (has a transaction id). */
  async function importBackend(): Promise<number | null> {
    const { rows } = await admin.query(
      `SELECT a.pid FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
       WHERE l.locktype = 'advisory' AND l.granted AND a.datname = current_database() AND a.backend_xid IS NOT NULL AND a.pid <> pg_backend_pid()`,
    );
    return rows[0]?.pid ?? null;
  }

  it('leaves nothing of the import, answers 503, recovers /health, and the rerun gives the full result', async () => {
    const rows = 20_000;
    const { body, prefix } = membersCsv(rows);
    const filename = `${prefix}.csv`;
    let sent = 0;
    let killedAfter = 0;
    async function* slowly(): AsyncGenerator<Buffer> {
      for (let i = 0; i < body.length; i += 32 * 1024) {
        sent = i;
        yield body.subarray(i, i + 32 * 1024);
        await sleep(15);
      }
    }
    const killer = (async () => {
      for (let tries = 0; tries < 400; tries++) {
        const pid = await importBackend();
        if (pid) {
          await sleep(200);
          killedAfter = sent;
          await admin.query(`SELECT pg_terminate_backend($1)`, [pid]);
          if (process.env.R4_DEBUG) console.log('killed', pid, 'after', sent);
          return true;
        }
        await sleep(25);
      }
      return false;
    })();
    const answer = await postStream(t, auth, { kind: 'patreon' }, filename, slowly());
    if (process.env.R4_DEBUG) console.log('answer', answer.status, answer.body, 'sent', sent);
    expect(await killer).toBe(true);
    expect(answer.status).toBe(503);
    expect(answer.body).toMatchObject({ code: 'import_database_lost', message: expect.stringMatching(/nothing of it was kept/) });

    if (process.env.R4_DEBUG) console.log('step left');
    const [left] = await sql<{ rows: number; income: number; imports: number }>(
      t,
      `SELECT (SELECT count(*) FROM import_rows WHERE external_id LIKE $1)::int AS rows,
              (SELECT count(*) FROM provider_income WHERE member_id LIKE $1)::int AS income,
              (SELECT count(*) FROM imports WHERE filename = $2)::int AS imports`,
      [`${prefix}-%`, filename],
    );
    expect(left).toEqual({ rows: 0, income: 0, imports: 0 });

    if (process.env.R4_DEBUG) console.log('step health');
    const started = Date.now();
    let health = 0;
    for (let i = 0; i < 50 && health !== 200; i++) {
      const h = await t.http.get('/health');
      health = h.status;
      if (process.env.R4_DEBUG) console.log('health', h.status, JSON.stringify(h.body));
      if (health !== 200) await sleep(100);
    }
    expect(health).toBe(200);
    const recoveredMs = Date.now() - started;

    const rerun = await upload(t, auth, body, { kind: 'patreon', filename }).expect(201);
    expect(rerun.body).toMatchObject({ rows, created: rows, duplicates: 0, errors: [] });
    const again = await upload(t, auth, body, { kind: 'patreon', filename }).expect(200);
    expect(again.body).toMatchObject({ id: rerun.body.id, created: 0, duplicates: rows });
    const [after] = await sql<{ income: number }>(t, `SELECT count(*)::int AS income FROM provider_income WHERE member_id LIKE $1`, [`${prefix}-%`]);
    expect(after.income).toBe(rows);
    process.stdout.write(
      `R4 database fault: app connection killed after ${(killedAfter / 1024).toFixed(0)} KB of ${(body.length / 1024).toFixed(0)} KB sent; answer 503; 0 rows left; /health up after ${recoveredMs} ms; rerun created ${rerun.body.created} of ${rows}, second rerun 0\n`,
    );
  }, 120_000);
});
