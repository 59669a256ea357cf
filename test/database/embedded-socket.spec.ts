import { statSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { EmbeddedPostgres } from '../../src/database/embedded-postgres.js';

/**
 * Issue 10 item 7: pglite-socket passes the startup message to PGlite, which checks no password
 * (it has no authentication at all), so the embedded database must not listen where anyone else
 * can reach it. It listens on a Unix socket in a folder only this OS user may enter.
 */
describe('embedded database socket', () => {
  it('listens on a 0600 Unix socket in a 0700 folder, with no TCP port, and only there', async () => {
    const embedded = await EmbeddedPostgres.start();
    try {
      const url = new URL(embedded.url);
      const dir = url.searchParams.get('host')!;
      expect(dir).toMatch(/^\//);
      expect(url.port).toBe('');
      const socket = join(dir, '.s.PGSQL.5432');
      expect(statSync(socket).isSocket()).toBe(true);
      expect(statSync(socket).mode & 0o777).toBe(0o600);
      expect(statSync(dir).mode & 0o777).toBe(0o700);

      const client = new pg.Client({ connectionString: embedded.url });
      await client.connect();
      const { rows } = await client.query(`SELECT current_user AS who, inet_server_port() AS port`);
      await client.end();
      expect(rows[0].who).toBe('postgres');
      process.stdout.write(
        `Embedded socket: ${socket} mode ${(statSync(socket).mode & 0o777).toString(8)}, folder mode ${(statSync(dir).mode & 0o777).toString(8)}, no TCP port\n`,
      );
    } finally {
      await embedded.stop();
    }
  });

  it("starts a copy from another's dump: the copy has its rows, and the two change apart", async () => {
    const query = async (url: string, sql: string) => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        return (await client.query(sql)).rows;
      } finally {
        await client.end();
      }
    };
    const original = await EmbeddedPostgres.start();
    let copy: EmbeddedPostgres | undefined;
    try {
      await query(original.url, `CREATE TABLE probe (n int PRIMARY KEY); INSERT INTO probe VALUES (1), (2)`);
      const tar = await original.dump();
      copy = await EmbeddedPostgres.start(undefined, tar);
      expect(await query(copy.url, `SELECT n FROM probe ORDER BY n`)).toEqual([{ n: 1 }, { n: 2 }]);
      await query(copy.url, `INSERT INTO probe VALUES (3)`);
      await query(original.url, `DELETE FROM probe WHERE n = 1`);
      expect(await query(copy.url, `SELECT n FROM probe ORDER BY n`)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
      expect(await query(original.url, `SELECT n FROM probe ORDER BY n`)).toEqual([{ n: 2 }]);
    } finally {
      await copy?.stop();
      await original.stop();
    }
  });
});
