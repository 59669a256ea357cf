import { createApp } from '../../src/app.factory.js';
import { loadConfig } from '../../src/config/config.js';
import { createTestDatabase, TestDatabase } from '../../src/database/test-database.js';
import { describeOnPostgres } from '../setup/real-postgres.js';

/** An instance on DATABASE_URL does not migrate by default: on an old schema it must refuse to start, saying what to run. */
describeOnPostgres('start-up on a schema that is behind', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(process.env.TEST_DATABASE_URL, { migrate: false });
  });
  afterAll(() => db.drop());

  it('refuses to start, naming the release command, and leaves the database untouched', async () => {
    const config = loadConfig({ ...process.env, DATABASE_URL: db.url, MIGRATIONS_RUN: '' });
    expect(config.database.migrationsRun).toBe(false);
    await expect(createApp(config)).rejects.toThrow(/schema is behind.*migration\(s\) not applied.*npm run migration:run/);
  });
});
