#!/usr/bin/env node
/**
 * Bundles the server (dist/src/start.js and everything it imports) into dist/src/start.bundle.js
 * with a source map beside it; `main.js` loads the bundle when it is there. Run by
 * build-if-changed.mjs after the SWC build. Why: a warm start spent more time resolving and
 * loading ~3,000 separate modules (stat, realpath, package.json lookups, one compile-cache
 * entry each) than running them (docs/performance.md, B6).
 *
 * Left outside the bundle, loaded from node_modules as before:
 * - packages that find files next to their own code at run time: PGlite (its WebAssembly and
 *   data files; it runs in its own worker thread, dist/src/database/embedded-worker.js),
 *   pino and its transports (worker threads started by file name), swagger-ui-dist (served
 *   files), @fastify/view + handlebars (templates compiled by the engine it requires);
 * - native code (@node-rs/argon2);
 * - what the app loads on first use through createRequire (stripe, juice), which a bundler
 *   does not follow anyway;
 * - Nest's optional packages this app does not install (required inside try/catch).
 */
import { existsSync, rmSync } from 'node:fs';

const ENTRY = 'dist/src/start.js';
const OUT = 'dist/src/start.bundle.js';

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  // An install without dev dependencies: main.js loads the modules one by one instead.
  rmSync(OUT, { force: true });
  process.exit(0);
}
if (!existsSync(ENTRY)) {
  console.error(`${ENTRY} is missing: run the SWC build first`);
  process.exit(1);
}

await esbuild.build({
  entryPoints: [ENTRY],
  outfile: OUT,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  sourcemap: true,
  // Class names are identities here (Nest providers, TypeORM entities, error messages): without
  // this, two classes of the same name in different modules would be renamed apart.
  keepNames: true,
  logLevel: 'error',
  external: [
    '@electric-sql/*',
    '@node-rs/*',
    'pino',
    'pino-pretty',
    'thread-stream',
    'swagger-ui-dist',
    '@fastify/view',
    'handlebars',
    'stripe',
    'juice',
    '@nestjs/microservices',
    '@nestjs/microservices/*',
    '@nestjs/websockets',
    '@nestjs/websockets/*',
    '@nestjs/platform-express',
  ],
  // The bundled CommonJS packages call require(); in an ES module it has to be made.
  banner: { js: "import { createRequire as __coffer_createRequire } from 'node:module'; const require = __coffer_createRequire(import.meta.url);" },
});
