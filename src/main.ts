/**
 * The server's entry point. Only `node:` modules are imported statically: the compile cache
 * must be on before the ~200 application modules and their libraries are compiled, and static
 * imports would be loaded before this module's first line runs.
 */
import { enableCompileCache } from 'node:module';

// Node 24 keeps V8's compiled code on disk (in the OS temp folder), so a warm start skips
// parsing and compiling most of what it loads (B6 warm start).
enableCompileCache();

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
    process.exit(1);
  }
  const { serve } = await import('./server.js');
  const { SchemaBehindError } = await import('./database/migrations-runner.js');
  try {
    await serve(config);
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
