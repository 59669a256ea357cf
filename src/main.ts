/**
 * The server's entry point (`npm start`, the image, the tests that start a real process).
 * Only `node:` modules are imported statically: the compile cache must be on before anything
 * else is compiled, and static imports would be loaded before this module's first line runs.
 */
import { existsSync } from 'node:fs';
import { enableCompileCache } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Node 24 keeps V8's compiled code on disk (in the OS temp folder), so a warm start skips
// parsing and compiling most of what it loads (B6 warm start).
enableCompileCache();

// The embedded database on an existing data folder starts first, in its own thread, so PGlite's
// start overlaps everything below: loading the server, checking the configuration (B6 warm
// start). A fresh folder waits until the configuration was checked (start.ts), so a wrong
// setting never leaves a half-made database behind; a wrong setting found after this early
// start stops the database cleanly before exiting.
const { loadDotEnv } = await import('./config/env-file.js');
const { DEFAULT_DATA_DIR } = await import('./config/defaults.js');
loadDotEnv();
const dataDir = process.env.DATA_DIR ?? DEFAULT_DATA_DIR;
if (!process.env.DATABASE_URL && existsSync(join(dataDir, 'pglite', 'PG_VERSION'))) {
  const { resolveDatabase } = await import('./database/database-url.js');
  resolveDatabase(undefined, dataDir).catch(() => undefined); // awaited, and reported, where the server needs it
}

// The build also bundles start.js and what it imports into one file (scripts/bundle-server.mjs):
// one script to read instead of ~3,000 modules to resolve and load, which was the larger part of a
// warm start, run with its compiled code kept between starts (bundle-loader.ts). Without the
// bundle (esbuild not installed) the same modules load one by one.
const bundle = new URL('./start.bundle.cjs', import.meta.url);
if (existsSync(bundle)) {
  const { runBundle } = await import('./bundle-loader.js');
  runBundle(fileURLToPath(bundle));
} else {
  await import('./start.js');
}
