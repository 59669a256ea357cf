// Plain JavaScript on purpose: Jest loads global setup outside its module system, so it uses
// the compiled code in dist/ (the `test` script builds first).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabases } from '../../dist/src/database/test-database.js';

/**
 * One database per Jest worker (workers are numbered 1…maxWorkers in JEST_WORKER_ID; a run in
 * band is worker 1), so suites in parallel workers never see each other's rows, locks or
 * rate-limit counters; within a worker the suites run one after another on its database.
 */
export default async function globalSetup(globalConfig) {
  const count = Math.max(1, globalConfig.maxWorkers ?? 1);
  // The test files' scratch folders (test/setup/env.ts) go in here; global teardown removes it.
  process.env.COFFER_TEST_SCRATCH = mkdtempSync(join(tmpdir(), 'coffer-tests-'));
  const dbs = await createTestDatabases(count);
  globalThis.__cofferTestDbs = dbs;
  process.env.COFFER_TEST_DB_URLS = JSON.stringify(dbs.map((db) => db.url));
  process.env.COFFER_TEST_DB_EMBEDDED = dbs[0].embedded ? '1' : '0';
  const where = dbs[0].embedded
    ? `${count === 1 ? 'the embedded PostgreSQL' : `${count} embedded PostgreSQLs, one per worker`} (PGlite, in memory)`
    : `PostgreSQL database${count === 1 ? '' : 's'} ${dbs.map((db) => new URL(db.url).pathname.slice(1)).join(', ')}`;
  process.stdout.write(`\nTests run on ${where}\n`);
}
