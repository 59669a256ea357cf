/** Used by the test suite (test/setup) and the benchmarks; not by the app itself. */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options.js';
import { EmbeddedPostgres } from './embedded-postgres.js';

export interface TestDatabase {
  url: string;
  embedded: boolean;
  drop(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * A fresh, migrated database for one test run: on the PostgreSQL server named by
 * TEST_DATABASE_URL when set (a new database per run, dropped afterwards), otherwise an
 * in-memory embedded PostgreSQL.
 */
export async function createTestDatabase(serverUrl = process.env.TEST_DATABASE_URL, options = { migrate: true }): Promise<TestDatabase> {
  if (!serverUrl) {
    const embedded = await EmbeddedPostgres.start();
    if (options.migrate) await migrate(embedded.url, 1);
    return { url: embedded.url, embedded: true, drop: () => embedded.stop() };
  }
  const name = `coffer_test_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = withDatabase(serverUrl, name);
  if (options.migrate) await migrate(url, 5);
  return {
    url,
    embedded: false,
    drop: () => dropDatabase(serverUrl, name),
  };
}

/**
 * One fresh, migrated database for each parallel Jest worker (`count` of them). The first is
 * migrated and the others are copies of it, far cheaper than migrating again: on PostgreSQL
 * `CREATE DATABASE … TEMPLATE …` (a file copy); on the embedded database, in-memory PGlites in
 * threads of their own, each started from a dump of the first's data folder.
 */
export async function createTestDatabases(count: number, serverUrl = process.env.TEST_DATABASE_URL): Promise<TestDatabase[]> {
  if (!serverUrl) return createEmbeddedTestDatabases(count);
  const first = await createTestDatabase(serverUrl);
  const template = new URL(first.url).pathname.slice(1);
  const copies: TestDatabase[] = [];
  try {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    try {
      for (let i = 2; i <= count; i++) {
        const name = `${template}_w${i}`;
        await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
        copies.push({ url: withDatabase(serverUrl, name), embedded: false, drop: () => dropDatabase(serverUrl, name) });
      }
    } finally {
      await admin.end();
    }
  } catch (error) {
    await Promise.all([first, ...copies].map((db) => db.drop()));
    throw error;
  }
  return [first, ...copies];
}

async function createEmbeddedTestDatabases(count: number): Promise<TestDatabase[]> {
  const first = await EmbeddedPostgres.start();
  const databases: EmbeddedPostgres[] = [first];
  try {
    await migrate(first.url, 1);
    if (count > 1) {
      const tar = await first.dump();
      const copies = await Promise.allSettled(Array.from({ length: count - 1 }, () => EmbeddedPostgres.start(undefined, tar)));
      for (const copy of copies) if (copy.status === 'fulfilled') databases.push(copy.value);
      const failed = copies.find((copy) => copy.status === 'rejected');
      if (failed) throw failed.reason;
    }
  } catch (error) {
    await Promise.all(databases.map((db) => db.stop()));
    throw error;
  }
  return databases.map((db) => ({ url: db.url, embedded: true, drop: () => db.stop() }));
}

async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await client.end();
}

async function migrate(url: string, poolSize: number): Promise<void> {
  const dataSource = new DataSource(dataSourceOptions({ url, embedded: poolSize === 1, poolSize }));
  await dataSource.initialize();
  await dataSource.runMigrations();
  await dataSource.destroy();
}
