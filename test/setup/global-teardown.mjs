import { rmSync } from 'node:fs';

export default async function globalTeardown() {
  await Promise.all((globalThis.__cofferTestDbs ?? []).map((db) => db.drop()));
  if (process.env.COFFER_TEST_SCRATCH) rmSync(process.env.COFFER_TEST_SCRATCH, { recursive: true, force: true });
}
