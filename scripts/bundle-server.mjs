#!/usr/bin/env node
/**
 * Bundles the server (dist/src/start.js and everything it imports) into dist/src/start.bundle.cjs
 * with a source map beside it; `main.js` loads the bundle when it is there (through
 * `bundle-loader.js`, which keeps V8's compiled code for it: a CommonJS script, because only a
 * script's code cache can be made after it ran, with the functions a start compiled). Run by
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
 * - what the app loads on first use through createRequire (stripe, juice, the markdown
 *   libraries; libphonenumber-js through a stand-in, see lazyPhoneNumbers), which a bundler
 *   does not follow anyway, and pg, which TypeORM loads by a computed name;
 * - Nest's optional packages this app does not install (required inside try/catch).
 */
import { existsSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

const ENTRY = 'dist/src/start.js';
const OUT = 'dist/src/start.bundle.cjs';
/** The ES-module bundle of earlier builds, which main.js no longer loads. */
rmSync('dist/src/start.bundle.js', { force: true });
rmSync('dist/src/start.bundle.js.map', { force: true });

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

/**
 * Nest's packages load their optional peers with `createRequire(import.meta.url)('…')`, which a
 * bundler cannot see: each such call would load a second copy of class-validator, typeorm or
 * @nestjs/swagger (and the Nest core they import) from node_modules at run time. Dropping the
 * `createRequire` line turns them into plain `require('…')` calls, which esbuild bundles (with
 * the same "require" export condition Node would use), so there is one copy of each.
 */
const bundleNestOptionalRequires = {
  name: 'bundle-nest-optional-requires',
  setup(build) {
    build.onLoad({ filter: /node_modules[\\/]@nestjs[\\/].*\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const declaration = /^const require = createRequire\(import\.meta\.url\);$/m;
      if (!declaration.test(source)) return undefined;
      return { contents: source.replace(declaration, ''), loader: 'js' };
    });
  },
};

/**
 * The embedded database's module stays a file of its own (dist/src/database/database-url.js):
 * main.ts starts the database through it before loading the bundle, and the server must find
 * that same instance, not a second copy inside the bundle.
 */
const sharedDatabaseModule = {
  name: 'shared-database-module',
  setup(build) {
    build.onResolve({ filter: /database-url\.js$/ }, () => ({ path: './database/database-url.js', external: true }));
  },
};

/**
 * class-validator's index loads every decorator, and `IsPhoneNumber` loads libphonenumber-js with
 * its whole metadata (~4 % of a warm start's main thread, B6) although no DTO here validates a
 * phone number. Inside the bundle it gets a stand-in that requires the real module from
 * node_modules on first use, so a phone check would still work, only not cost at start.
 */
const lazyPhoneNumbers = {
  name: 'lazy-phone-numbers',
  setup(build) {
    build.onResolve({ filter: /^libphonenumber-js\/max$/ }, (args) =>
      args.namespace === 'lazy-phone-numbers' ? { path: args.path, external: true } : { path: args.path, namespace: 'lazy-phone-numbers' },
    );
    build.onLoad({ filter: /.*/, namespace: 'lazy-phone-numbers' }, () => ({
      contents: "let real; module.exports = new Proxy({}, { get: (_, key) => (real ??= require('libphonenumber-js/max'))[key] });",
      loader: 'js',
    }));
  },
};

await esbuild.build({
  entryPoints: [ENTRY],
  outfile: OUT,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  // The bundled ES modules find their files from import.meta.url (templates, locales, the
  // database worker): in the CommonJS bundle that is the bundle's own URL, as it was before.
  define: { 'import.meta.url': '__coffer_bundle_url' },
  // `import()` of what stays outside (the database module shared with main.js, @fastify/view)
  // becomes require(): the bundle runs as a vm script (bundle-loader.ts), which has no module
  // referrer to resolve a dynamic import against; Node 24 requires the ES modules among them.
  supported: { 'dynamic-import': false },
  target: 'node24',
  sourcemap: true,
  // Class names are identities here (Nest providers, TypeORM entities, error messages): without
  // this, two classes of the same name in different modules would be renamed apart.
  keepNames: true,
  logLevel: 'error',
  plugins: [bundleNestOptionalRequires, sharedDatabaseModule, lazyPhoneNumbers],
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
    // TypeORM loads its driver by a computed name at run time: one copy of pg, from node_modules.
    'pg',
    '@nestjs/microservices',
    '@nestjs/microservices/*',
    '@nestjs/websockets',
    '@nestjs/websockets/*',
    '@nestjs/platform-express',
    // mapped-types' fallback for an older class-transformer; 'class-transformer/cjs/storage' is the one found.
    'class-transformer/storage',
  ],
  banner: { js: "const __coffer_bundle_url = require('node:url').pathToFileURL(__filename).href;" },
});
