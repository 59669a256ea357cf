import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.js';
import type { ResolvedDatabase } from './database-url.js';

export function dataSourceOptions(db: ResolvedDatabase): DataSourceOptions {
  return {
    type: 'postgres',
    url: db.url,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    // Each migration in its own transaction, so a failing one leaves the earlier ones applied.
    migrationsTransactionMode: 'each',
    synchronize: false,
    extra: {
      max: db.poolSize,
      // Fail fast rather than hang when the embedded server is busy for too long.
      connectionTimeoutMillis: 30_000,
      application_name: 'coffer',
    },
  };
}
