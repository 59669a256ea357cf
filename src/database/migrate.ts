/**
 * `npm run migration:run` / `npm run migration:revert` against DATABASE_URL, or the embedded
 * database under DATA_DIR when DATABASE_URL is unset. `run` is the release command of a
 * deployment (see the Dockerfile): it takes the same advisory lock as a migrating instance.
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/config.js';
import { loadDotEnv } from '../config/env-file.js';
import { dataSourceOptions } from './data-source-options.js';
import { resolveDatabase, stopEmbeddedDatabase } from './database-url.js';
import { runMigrationsLocked } from './migrations-runner.js';

async function main(command: string | undefined): Promise<void> {
  if (command !== 'run' && command !== 'revert') throw new Error('usage: migrate.js run|revert');
  loadDotEnv();
  const { database } = loadConfig();
  const db = await resolveDatabase(database.url, database.dataDir);
  const dataSource = new DataSource(dataSourceOptions(db));
  await dataSource.initialize();
  try {
    if (command === 'run') {
      const applied = await runMigrationsLocked(dataSource);
      console.log(applied.length ? `applied: ${applied.join(', ')}` : 'nothing to apply');
    } else {
      await dataSource.undoLastMigration();
      console.log('reverted the last migration');
    }
  } finally {
    await dataSource.destroy();
    await stopEmbeddedDatabase();
  }
}

main(process.argv[2]).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
