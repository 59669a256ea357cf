/**
 * Runs the server bundle (dist/src/start.bundle.cjs, scripts/bundle-server.mjs) with V8's compiled
 * code kept between starts. Only `node:` modules here: main.ts loads this before anything else.
 *
 * Why not Node's own compile cache (`enableCompileCache`, still on for the other files): it saves
 * a module's code as it was right after compiling, which holds little more than the top level.
 * Nearly all of the bundle is functions (each bundled module is one), compiled lazily on their
 * first call at every start. A script's code cache made *after* it ran holds every function the
 * start compiled. So the first start after a build makes the cache once the server listens, and
 * the next starts compile almost nothing (B6 warm start, docs/performance.md). With
 * `--enable-source-maps` the bundle is an ordinary module instead (see runBundle).
 *
 * The saved code starts with a hash of the bundle's text (and Node's version): V8 checks only the
 * source's length, and code from another build of the same length would run the wrong functions. A cache that cannot be
 * read or written (a read-only folder) only costs the time it would have saved.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire, getCompileCacheDir } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import vm from 'node:vm';

/** Called by start.ts once the server listens (a global: the bundle does not import this module). */
const STARTED = Symbol.for('coffer.server-started');

/** What the start found: no saved code, saved code V8 took, or saved code V8 refused. */
export type CodeCacheState = 'none' | 'accepted' | 'rejected';

export function runBundle(file: string, cacheDir = getCompileCacheDir() ?? join(tmpdir(), 'coffer-compile-cache')): CodeCacheState {
  // Node maps stack traces only for the modules it loads itself, never for a vm script: asked to
  // (`--enable-source-maps`), the bundle is required as a plain CommonJS module, without saved code.
  if (process.sourceMapsEnabled) {
    createRequire(file)(file);
    return 'none';
  }
  const source = readFileSync(file, 'utf8');
  // One cache file per bundle path, overwritten by the next build's: old builds leave nothing behind.
  const cacheFile = join(cacheDir, `server-bundle-${digest(file)}.bin`);
  const key = Buffer.from(digest(source, process.version, process.arch));
  const cachedData = cachedFor(cacheFile, key);
  // One line, so the bundle's line numbers (and its source map) stay as they are.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
  if (!cachedData || script.cachedDataRejected) {
    (globalThis as Record<symbol, unknown>)[STARTED] = () => setImmediate(() => saveCache(cacheFile, key, script));
  }
  const module = { exports: {} };
  const run = script.runInThisContext() as (e: object, r: NodeJS.Require, m: object, f: string, d: string) => void;
  run(module.exports, createRequire(file), module, file, dirname(file));
  return !cachedData ? 'none' : script.cachedDataRejected ? 'rejected' : 'accepted';
}

/** Tells the loader the server is up, from inside the bundle (start.ts). */
export function serverStarted(): void {
  const done = (globalThis as Record<symbol, (() => void) | undefined>)[STARTED];
  delete (globalThis as Record<symbol, unknown>)[STARTED];
  done?.();
}

const digest = (...parts: string[]) =>
  parts
    .reduce((hash, part) => hash.update(part), createHash('sha256'))
    .digest('hex')
    .slice(0, 32);

/** The saved code if it was made from this very bundle (the file starts with the bundle's key). */
function cachedFor(file: string, key: Buffer): Buffer | undefined {
  try {
    const saved = readFileSync(file);
    return saved.subarray(0, key.length).equals(key) ? saved.subarray(key.length) : undefined;
  } catch {
    return undefined;
  }
}

function saveCache(file: string, key: Buffer, script: vm.Script): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    // Written aside and renamed: a start reading it meanwhile sees all of it or none.
    const partial = `${file}.${process.pid}`;
    writeFileSync(partial, Buffer.concat([key, script.createCachedData()]));
    renameSync(partial, file);
  } catch {
    // Not kept: the next start compiles as this one did.
  }
}
