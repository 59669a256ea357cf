#!/usr/bin/env node
/**
 * `npm start` (and the other scripts that need dist/) build only when a source changed since
 * the last build: the fingerprint of every input file's path, size and modification time is
 * kept in dist/.build-fingerprint. The build is `nest build` with the SWC builder (seconds, no
 * type-check; `npm test` and `npm run typecheck` check types), then the server bundle
 * (scripts/bundle-server.mjs). A checkout without sources (the
 * production image) has nothing to build.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const SOURCES = ['src', 'migrations'];
const CONFIG = ['nest-cli.json', 'tsconfig.json', 'tsconfig.build.json', 'package.json', '.swcrc'];
const STAMP = join('dist', '.build-fingerprint');
const ENTRY = join('dist', 'src', 'main.js');

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (/\.ts$/.test(entry.name) && !/\.spec\.ts$/.test(entry.name)) yield path;
  }
}

if (!existsSync('src')) {
  if (!existsSync(ENTRY)) {
    console.error('Neither sources (src/) nor a build (dist/) here: run this from the Coffer folder.');
    process.exit(1);
  }
  process.exit(0);
}

const hash = createHash('sha256');
for (const path of [...SOURCES.flatMap((dir) => [...files(dir)]).sort(), ...CONFIG.filter((f) => existsSync(f))]) {
  const { size, mtimeMs } = statSync(path);
  hash.update(`${path}\0${size}\0${mtimeMs}\n`);
}
const fingerprint = hash.digest('hex');
if (existsSync(ENTRY) && existsSync(STAMP) && readFileSync(STAMP, 'utf8') === fingerprint) process.exit(0);

const first = !existsSync(ENTRY);
process.stdout.write(first ? 'Building… (first start: compiling the TypeScript sources with SWC)\n' : 'Building… (sources changed since the last build)\n');
const started = Date.now();
// `nest` from node_modules/.bin, which npm puts on the PATH of every script.
const build = spawnSync('nest', ['build'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
if (build.status !== 0) {
  process.stderr.write(`${build.stdout ?? ''}${build.stderr ?? ''}${build.error ? `${build.error.message}\n` : ''}The build failed.\n`);
  process.exit(build.status ?? 1);
}
// The bundled server main.js prefers (scripts/bundle-server.mjs); `nest build` emptied dist/ first.
const bundle = spawnSync(process.execPath, ['scripts/bundle-server.mjs'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
if (bundle.status !== 0) {
  process.stderr.write(`${bundle.stdout ?? ''}${bundle.stderr ?? ''}The server bundle failed.\n`);
  process.exit(bundle.status ?? 1);
}
writeFileSync(STAMP, fingerprint);
const compiled = /compiled: (\d+) files/.exec(`${build.stdout}${build.stderr}`)?.[1];
process.stdout.write(`Built ${compiled ? `${compiled} files ` : ''}in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
