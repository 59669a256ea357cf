import { EmbeddedPostgres } from './embedded-postgres.js';

export interface ResolvedDatabase {
  url: string;
  embedded: boolean;
  /** The embedded server multiplexes one session at a time; a bigger pool would deadlock. */
  poolSize: number;
}

let embedded: EmbeddedPostgres | undefined;
let starting: Promise<EmbeddedPostgres> | undefined;

/** `DATABASE_URL` when set, otherwise the in-process embedded PostgreSQL (started once). */
export async function resolveDatabase(databaseUrl: string | undefined, dataDir: string, poolMax = 10): Promise<ResolvedDatabase> {
  if (databaseUrl) return { url: databaseUrl, embedded: false, poolSize: poolMax };
  starting ??= EmbeddedPostgres.start(dataDir);
  embedded = await starting;
  return { url: embedded.url, embedded: true, poolSize: 1 };
}

/** Stops the embedded database, also one still starting (main.ts starts it before the configuration is checked). */
export async function stopEmbeddedDatabase(): Promise<void> {
  const running = embedded ?? (await starting?.catch(() => undefined));
  embedded = undefined;
  starting = undefined;
  await running?.stop();
}
