import pg from 'pg';
import { DataSource } from 'typeorm';
import { createTestApp, TestApp } from '../setup/test-app.js';
import { membersCsv, postStream, sql, upload } from './import-helpers.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** The embedded database serialises sessions, so no second session could kill the import's: there the test cuts the app's socket. */
const embedded = process.env.COFFER_TEST_DB_EMBEDDED === '1';

describe('R4 imports: the database connection dies mid-import', () => {
  let t: TestApp;
  let auth: { Authorization: string };
  let admin: pg.Client;
  beforeAll(async () => {
    t = await createTestApp();
    auth = (await t.userWith('treasurer')).auth;
    if (!embedded) {
      admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await admin.connect();
    }
  });
  afterAll(async () => {
    await admin?.end();
    await t.close();
  });

  /** Embedded only: closes the sockets of the app's checked-out connections (the server then rolls back). */
  function cutAppConnections(): boolean {
    const pool = (t.app.get(DataSource).driver as unknown as { master: { _clients: { connection: { stream: { destroy(): void } } }[]; _idle: { client: unknown }[] } }).master;
    const busy = pool._clients.filter((client) => !pool._idle.some((idle) => idle.client === client));
    busy.forEach((client) => client.connection.stream.destroy());
    return busy.length > 0;
  }

  /** The app's connection that holds the import lock and has written rows (has a transaction id). */
  async function importBackend(): Promise<number | null> {
    const { rows } = await admin.query(
      `SELECT a.pid FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
       WHERE l.locktype = 'advisory' AND l.granted AND l.objid::bigint = (hashtext('coffer:imports:patreon')::bigint & 4294967295)
         AND a.datname = current_database() AND a.backend_xid IS NOT NULL AND a.pid <> pg_backend_pid()`,
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
    let answered = false;
    const killer = (async () => {
      while (!answered) {
        if (embedded) {
          // Past 1.2 MB two batches of 2,000 rows have gone to the database.
          if (sent > 1.2 * 1024 * 1024 && cutAppConnections()) {
            killedAfter = sent;
            return true;
          }
          await sleep(10);
          continue;
        }
        const pid = await importBackend();
        if (pid) {
          await sleep(200);
          killedAfter = sent;
          await admin.query(`SELECT pg_terminate_backend($1)`, [pid]);
          return true;
        }
        await sleep(25);
      }
      return false;
    })();
    const answer = await postStream(t, auth, { kind: 'patreon' }, filename, slowly()).finally(() => (answered = true));
    expect(await killer).toBe(true);
    expect(answer.status).toBe(503);
    expect(answer.body).toMatchObject({ code: 'import_database_lost', message: expect.stringMatching(/nothing of it was kept/) });

    const [left] = await sql<{ rows: number; income: number; imports: number }>(
      t,
      `SELECT (SELECT count(*) FROM import_rows WHERE external_id LIKE $1)::int AS rows,
              (SELECT count(*) FROM provider_income WHERE member_id LIKE $1)::int AS income,
              (SELECT count(*) FROM imports WHERE filename = $2)::int AS imports`,
      [`${prefix}-%`, filename],
    );
    expect(left).toEqual({ rows: 0, income: 0, imports: 0 });

    const started = Date.now();
    let health = 0;
    for (let i = 0; i < 50 && health !== 200; i++) {
      health = (await t.http.get('/health')).status;
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
      `R4 database fault: app connection ${embedded ? 'cut' : 'killed (pg_terminate_backend)'} after ${(killedAfter / 1024).toFixed(0)} KB of ${(body.length / 1024).toFixed(0)} KB sent; answer 503; 0 rows left; /health up after ${recoveredMs} ms; rerun created ${rerun.body.created} of ${rows}, second rerun 0\n`,
    );
  }, 300_000);
});
