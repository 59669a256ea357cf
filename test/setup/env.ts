import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Every test file gets its worker's database (global-setup.mjs made one per worker) and its own
// scratch folders, inside the run's folder that global teardown removes. TMPDIR points there too,
// so what a spec or the code it runs makes with os.tmpdir() (an export, an embedded database's
// socket, a hledger journal) goes with it, even when the spec fails before cleaning up.
const urls = JSON.parse(process.env.COFFER_TEST_DB_URLS ?? '[]') as string[];
process.env.COFFER_TEST_DB_URL = urls[Number(process.env.JEST_WORKER_ID ?? '1') - 1] ?? urls[0];
const scratch = mkdtempSync(join(process.env.COFFER_TEST_SCRATCH ?? tmpdir(), 'coffer-test-'));
Object.assign(process.env, {
  NODE_ENV: 'test',
  DATABASE_URL: process.env.COFFER_TEST_DB_URL,
  DATABASE_POOL_MAX: process.env.COFFER_TEST_DB_EMBEDDED === '1' ? '1' : '10',
  MIGRATIONS_RUN: 'false',
  LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
  DATA_DIR: join(scratch, 'data'),
  MAIL_DIR: join(scratch, 'mail'),
  EMAIL_WORKER: 'off',
  JWT_SECRET: 'test-secret-test-secret-test-secret-0123456789',
  ADMIN_EMAIL: 'first-admin@coffer.test',
  ADMIN_PASSWORD: 'first-admin-password-123',
  APP_URL: 'http://coffer.test',
  JOBS: 'off',
  TMPDIR: scratch,
  // …but the apps and commands a spec starts keep sharing Node's compile cache, in the folder it
  // would have used (os.tmpdir()/node-compile-cache), instead of compiling afresh in each file's.
  NODE_COMPILE_CACHE: process.env.NODE_COMPILE_CACHE ?? join(tmpdir(), 'node-compile-cache'),
});
