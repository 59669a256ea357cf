import { DataSource, MigrationExecutor } from 'typeorm';

/** One key for every Coffer instance on a database (the other keys in use are 73420xx). */
const MIGRATIONS_LOCK = 7342000;

/** The schema lags the code and this instance was told not to migrate it. */
export class SchemaBehindError extends Error {}

/**
 * Applies pending migrations while holding a session-level advisory lock, so two processes
 * starting at once (two instances, or a release command racing an instance) never run the same
 * migration twice: the second waits, then finds nothing left to do. Everything runs on the one
 * connection that holds the lock, which also suits the embedded database's pool of one.
 */
export async function runMigrationsLocked(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  try {
    await runner.query(`SELECT pg_advisory_lock(${MIGRATIONS_LOCK})`);
    const executor = new MigrationExecutor(dataSource, runner);
    // Each migration in its own transaction, so a failing one leaves the earlier ones applied.
    executor.transaction = 'each';
    const applied = await executor.executePendingMigrations();
    return applied.map((m) => m.name);
  } finally {
    await runner.query(`SELECT pg_advisory_unlock(${MIGRATIONS_LOCK})`).catch(() => undefined);
    await runner.release();
  }
}

/** The names of the migrations the code has and the database has not applied. */
export async function pendingMigrations(dataSource: DataSource): Promise<string[]> {
  const [{ exists }] = await dataSource.query<{ exists: boolean }[]>(`SELECT to_regclass('migrations') IS NOT NULL AS exists`);
  const known = dataSource.migrations.map((m) => m.name ?? m.constructor.name);
  if (!exists) return known;
  const applied = new Set((await dataSource.query<{ name: string }[]>(`SELECT name FROM migrations`)).map((r) => r.name));
  return known.filter((name) => !applied.has(name));
}

/**
 * An instance that does not migrate (DATABASE_URL without MIGRATIONS_RUN=true) refuses to start
 * on a schema older than its code, rather than failing later on a missing column.
 */
export async function assertSchemaCurrent(dataSource: DataSource): Promise<void> {
  const pending = await pendingMigrations(dataSource);
  if (pending.length === 0) return;
  throw new SchemaBehindError(
    `The database schema is behind this version of Coffer: ${pending.length} migration(s) not applied (${pending.join(', ')}). ` +
      'Run the release command `npm run migration:run` (or `node dist/src/database/migrate.js run`) against this DATABASE_URL first, ' +
      'or set MIGRATIONS_RUN=true on one instance.',
  );
}
