#!/usr/bin/env node
/**
 * `npm test`: build (Jest's global setup migrates the test databases with the compiled code in
 * dist/), then the type-check and Jest side by side. The type-check is ~15 s of CPU on a fresh
 * clone; run first it held up every test by ~10 s, while beside Jest it fills the core that global
 * setup (one database migrating) leaves idle. Its errors are printed as soon as it ends and make
 * the run fail whatever Jest says; arguments go to Jest (`npm test -- --runInBand test/money`).
 */
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const node = process.execPath;
const local = (path) => fileURLToPath(new URL(`../node_modules/${path}`, import.meta.url));

const build = spawnSync(node, [fileURLToPath(new URL('./build-if-changed.mjs', import.meta.url))], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

/** A child's exit code (a signal counts as a failure). */
const exitOf = (child) => new Promise((resolve) => child.on('close', (code) => resolve(code ?? 1)));

const tsc = spawn(node, [local('typescript/bin/tsc'), '-p', 'tsconfig.json', '--noEmit'], { stdio: ['ignore', 'pipe', 'pipe'] });
let tscOutput = '';
tsc.stdout.on('data', (chunk) => (tscOutput += chunk));
tsc.stderr.on('data', (chunk) => (tscOutput += chunk));
const typeCheck = exitOf(tsc).then((code) => {
  if (code !== 0) process.stderr.write(`\nThe type-check failed (tsc --noEmit):\n${tscOutput}\n`);
  return code;
});

const jest = spawn(node, ['--experimental-vm-modules', '--no-warnings=ExperimentalWarning', local('jest/bin/jest.js'), ...process.argv.slice(2)], { stdio: 'inherit' });
// Ctrl-C reaches both children through the terminal; a plain kill of this process is passed on.
for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, () => [tsc, jest].forEach((child) => child.kill(signal)));

const [jestCode, tscCode] = await Promise.all([exitOf(jest), typeCheck]);
if (tscCode !== 0 && jestCode === 0) process.stderr.write('The tests passed, but the type-check did not (above).\n');
process.exit(jestCode || tscCode);
