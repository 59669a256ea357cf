import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.js';
import { dataSourceOptions } from '../../src/database/data-source-options.js';
import { createTestDatabase, TestDatabase } from '../../src/database/test-database.js';

/** Runs on its own empty database: up, every down, and up again, checking the schema each way. */
describe('migrations', () => {
  let db: TestDatabase;
  let ds: DataSource;
  const tables = async () =>
    (await ds.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations' ORDER BY 1`)).map(
      (r: { table_name: string }) => r.table_name,
    );

  beforeAll(async () => {
    const server = process.env.TEST_DATABASE_URL;
    db = await createTestDatabase(server, { migrate: false });
    ds = new DataSource(dataSourceOptions({ url: db.url, embedded: db.embedded, poolSize: 1 }));
    await ds.initialize();
  });
  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  it('apply, revert one by one to an empty schema, and apply again to the same schema', async () => {
    const applied = await ds.runMigrations();
    expect(applied).toHaveLength(MIGRATIONS.length);
    const schema = await tables();
    expect(schema).toEqual(expect.arrayContaining(['users', 'audit_log', 'idempotency_keys', 'email_outbox']));

    for (let i = 0; i < MIGRATIONS.length; i++) await ds.undoLastMigration();
    expect(await tables()).toEqual([]);
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM pg_proc p JOIN pg_namespace s ON s.oid = p.pronamespace WHERE s.nspname = 'public'`);
    expect(n).toBe(0);

    const again = await ds.runMigrations();
    expect(again).toHaveLength(MIGRATIONS.length);
    expect(await tables()).toEqual(schema);
    expect(await ds.runMigrations()).toHaveLength(0);
  });
});
