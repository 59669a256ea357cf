// Plain JavaScript on purpose: Jest loads global setup outside its module system, so it uses
// the compiled code in dist/ (the `test` script builds first).
import { createTestDatabase } from '../../dist/src/database/test-database.js';

export default async function globalSetup() {
  const db = await createTestDatabase();
  globalThis.__cofferTestDb = db;
  process.env.COFFER_TEST_DB_URL = db.url;
  process.env.COFFER_TEST_DB_EMBEDDED = db.embedded ? '1' : '0';
  const where = db.embedded ? 'the embedded PostgreSQL (PGlite, in memory)' : `PostgreSQL database ${new URL(db.url).pathname.slice(1)}`;
  process.stdout.write(`\nTests run on ${where}\n`);
}
