import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { runBundle, serverStarted } from './bundle-loader.js';

describe('bundle-loader: the server bundle with its code kept between starts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'coffer-bundle-loader-'));
  const cacheDir = join(dir, 'cache');
  const file = join(dir, 'start.bundle.cjs');
  // What each run of the script did, written where the test can read it (the script runs in
  // Node's main context, not in the test's).
  const out = join(dir, 'runs.txt');
  writeFileSync(out, '');
  const runs = () => readFileSync(out, 'utf8').split('\n').filter(Boolean);
  const bundle = (answer: number) =>
    `const path = require('node:path'); function answer() { return ${answer}; }\nrequire('node:fs').appendFileSync(${JSON.stringify(out)}, path.basename(__filename) + ':' + answer() + '\\n');`;
  // The server runs without --enable-source-maps; the test runner turns them on for its stack
  // traces, and runBundle loads the bundle differently then (the last test covers that case).
  const sourceMapsWere = process.sourceMapsEnabled;
  beforeAll(() => process.setSourceMapsEnabled(false));
  afterAll(() => process.setSourceMapsEnabled(sourceMapsWere));
  const afterStart = async () => {
    serverStarted();
    await new Promise((resolve) => setImmediate(resolve));
  };

  it('runs the script as CommonJS, saves its code once the server started, and uses it at the next start', async () => {
    writeFileSync(file, bundle(41));
    expect(runBundle(file, cacheDir)).toBe('none');
    expect(runs()).toEqual(['start.bundle.cjs:41']);
    await afterStart();
    expect(readdirSync(cacheDir)).toHaveLength(1);
    expect(runBundle(file, cacheDir)).toBe('accepted');
    expect(runs()).toEqual(['start.bundle.cjs:41', 'start.bundle.cjs:41']);
  });

  it('never runs saved code for another build, even of the same length (V8 itself checks only the length)', async () => {
    writeFileSync(file, bundle(42));
    expect(runBundle(file, cacheDir)).toBe('none');
    expect(runs().at(-1)).toBe('start.bundle.cjs:42');
    await afterStart();
    // The new build's code replaced the old one's: one file per bundle path.
    expect(readdirSync(cacheDir)).toHaveLength(1);
    expect(runBundle(file, cacheDir)).toBe('accepted');
    expect(runs().at(-1)).toBe('start.bundle.cjs:42');
  });

  it('starts without a cache where none can be written', async () => {
    writeFileSync(join(dir, 'not-a-folder'), '');
    expect(runBundle(file, join(dir, 'not-a-folder'))).toBe('none');
    await afterStart();
    expect(runBundle(file, join(dir, 'not-a-folder'))).toBe('none');
  });

  it('with --enable-source-maps, loads the bundle as a module so stack traces name the sources', () => {
    const source = join(dir, 'thrower.ts');
    writeFileSync(source, "export function fail(): never {\n  throw new Error('mapped');\n}\nfail();\n");
    buildSync({ entryPoints: [source], outfile: join(dir, 'thrower.cjs'), bundle: true, format: 'cjs', platform: 'node', sourcemap: true, logLevel: 'silent' });
    const loader = fileURLToPath(new URL('./bundle-loader.ts', import.meta.url));
    const script = `import { runBundle } from ${JSON.stringify(loader)}; runBundle(${JSON.stringify(join(dir, 'thrower.cjs'))}, ${JSON.stringify(cacheDir)});`;
    const stderr = (flags: string[]) => {
      try {
        execFileSync(process.execPath, [...flags, '--no-warnings', '--input-type=module', '-e', script], { stdio: 'pipe' });
      } catch (error) {
        return String((error as { stderr: Buffer }).stderr);
      }
      throw new Error('the bundle did not throw');
    };
    expect(stderr(['--enable-source-maps'])).toContain('thrower.ts:2');
    expect(stderr([])).toContain('thrower.cjs');
  });
});
