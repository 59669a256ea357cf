/**
 * B6 baseline: a bare PGlite `create()` on a data folder plus the same migration SQL, with no
 * Nest, no TypeORM, no HTTP. Run as its own process so Node's start-up counts on both sides.
 */
import { PGlite } from '@electric-sql/pglite';
import type { QueryRunner } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.js';

async function main(dir: string, migrate: boolean): Promise<void> {
  const db = await PGlite.create(dir);
  if (migrate) {
    // Answers rows, as TypeORM's query runner does (a migration may read what it asked).
    const runner = { query: async (sql: string, params?: unknown[]) => (await db.query(sql, params as unknown[])).rows } as unknown as QueryRunner;
    for (const Migration of MIGRATIONS) await new Migration().up(runner);
  } else {
    await db.query('SELECT 1');
  }
  await db.close();
}

main(process.argv[2], process.argv[3] === 'migrate').then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
