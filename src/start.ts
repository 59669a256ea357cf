/**
 * What `main.ts` starts: configuration, the embedded database (early), then the server. The
 * application is imported only after the embedded database was set going, so the two load side
 * by side. Built into dist/src/start.bundle.cjs as well (scripts/bundle-server.mjs).
 */

async function main(): Promise<void> {
  const { loadDotEnv } = await import('./config/env-file.js');
  const { loadConfig } = await import('./config/config.js');
  const { ConfigurationError } = await import('./config/env.validation.js');
  let config;
  try {
    loadDotEnv();
    config = loadConfig();
  } catch (error) {
    // One line naming the variable and the rule, not a stack trace (and never the value).
    if (!(error instanceof ConfigurationError)) throw error;
    process.stderr.write(`${error.message}\n`);
    // main.ts may have started the embedded database already: closed, not cut off.
    const { stopEmbeddedDatabase } = await import('./database/database-url.js');
    await stopEmbeddedDatabase().catch(() => undefined);
    process.exit(1);
  }
  if (config.database.embedded) {
    // Started before the application is loaded, in its own thread, and awaited by the database
    // module: PGlite's ~1 s start overlaps the ~1 s of loading Nest and the app (B6).
    const { resolveDatabase } = await import('./database/database-url.js');
    resolveDatabase(undefined, config.database.dataDir).catch(() => undefined); // awaited (and reported) there
  }
  const { serve } = await import('./server.js');
  const { SchemaBehindError } = await import('./database/migrations-runner.js');
  try {
    await serve(config);
    // Listening: the loader may now keep the code this start compiled (bundle-loader.ts).
    const { serverStarted } = await import('./bundle-loader.js');
    serverStarted();
  } catch (error) {
    // A refusal the message explains (schema behind, data folder in use) needs no stack trace.
    const explained = error instanceof SchemaBehindError || (error instanceof Error && /in use by process/.test(error.message));
    process.stderr.write(`${explained || !(error instanceof Error) ? String((error as Error).message ?? error) : error.stack}\n`);
    process.exit(1);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
