import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import pg from 'pg';
import { MIGRATIONS } from '../../migrations/index.js';
import { createTestDatabase, TestDatabase } from '../../src/database/test-database.js';
import { describeOnPostgres } from '../setup/real-postgres.js';

const MIGRATE = resolve('dist/src/database/migrate.js');

/** `node dist/src/database/migrate.js run`, the release command, as its own process. */
function migrate(databaseUrl: string): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [MIGRATE, 'run'], {
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: databaseUrl, JWT_SECRET: 'release-secret-release-secret-0123456789' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('exit', (code) => done({ code, output }));
  });
}

describeOnPostgres('migrations on a shared database (R10)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(process.env.TEST_DATABASE_URL, { migrate: false });
  });
  afterAll(() => db.drop());

  it('two release commands started at once apply each migration once: the second waits for the lock, then has nothing to do', async () => {
    const runs = await Promise.all([migrate(db.url), migrate(db.url)]);
    for (const run of runs) expect(run).toMatchObject({ code: 0 });
    const outputs = runs.map((r) => r.output.trim()).sort();
    expect(outputs[0]).toMatch(/^applied: /);
    expect(outputs[1]).toBe('nothing to apply');

    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const { rows } = await client.query<{ name: string; n: number }>(`SELECT name, count(*)::int AS n FROM migrations GROUP BY name`);
    await client.end();
    expect(rows).toHaveLength(MIGRATIONS.length);
    expect(rows.every((r) => r.n === 1)).toBe(true);
    process.stdout.write(`R10 migrations race: 2 release commands at once, ${rows.length} migrations applied once each, both exited 0\n`);
  });
});
