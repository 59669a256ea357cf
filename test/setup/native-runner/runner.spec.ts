import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface FileResult {
  name: string;
  startTime: number;
  endTime: number;
  status: string;
  message: string;
  assertionResults: { title: string; status: string; failureMessages: string[] }[];
}

/**
 * The native runner on fixture files, through Jest's own command line in one worker: its results
 * are Jest's (failures, timeouts, `each`, `todo`, a file that cannot load), and what one
 * file changes in the process (an environment variable, the fake clock) does not reach the next.
 */
describe('the native test runner', () => {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const jest = join(createRequire(import.meta.url).resolve('jest/package.json'), '../bin/jest.js');
  let files: FileResult[];

  beforeAll(() => {
    const { FIXTURE_TOUCHED: _, ...withoutFixtureVariable } = process.env;
    const output = join(mkdtempSync(join(tmpdir(), 'coffer-runner-')), 'results.json');
    const config = { rootDir: join(here, 'fixtures'), testMatch: ['**/*.fixture.ts'], runner: join(here, 'runner.mjs'), maxWorkers: 1 };
    try {
      execFileSync(process.execPath, [jest, '--config', JSON.stringify(config), '--json', `--outputFile=${output}`, '--ci'], { stdio: 'pipe', env: withoutFixtureVariable });
    } catch {
      // Jest exits 1: the fixtures fail on purpose.
    }
    files = (JSON.parse(readFileSync(output, 'utf8')) as { testResults: FileResult[] }).testResults;
  }, 60_000);

  const file = (name: string) => files.find((f) => f.name.endsWith(`${name}.fixture.ts`))!;
  const outcomes = (name: string) => Object.fromEntries(file(name).assertionResults.map((t) => [t.title, t.status]));

  it('reports every outcome as Jest does', () => {
    expect(outcomes('outcomes')).toEqual({
      passes: 'passed',
      fails: 'failed',
      'times out': 'failed',
      'runs each row (1)': 'passed',
      'runs each row (2)': 'passed',
      'is still to do': 'todo',
      'has the global jest object': 'passed',
    });
    const failures = file('outcomes')
      .assertionResults.flatMap((t) => t.failureMessages)
      .join('\n');
    expect(failures).toContain('Expected: 3');
    expect(failures).toContain('Exceeded timeout of 100 ms');
  });

  it('fails a file that cannot load, naming the error', () => {
    expect(file('broken').status).toBe('failed');
    expect(file('broken').message).toContain('this file cannot load');
  });

  it('starts each file in the same worker without what the one before it changed', () => {
    expect(outcomes('first')).toEqual({ 'starts with no trace of the other file': 'passed', 'leaves an environment variable and a fake clock behind': 'passed' });
    expect(outcomes('second')).toEqual({ 'starts with no trace of the other file': 'passed', 'leaves an environment variable and a fake clock behind': 'passed' });
  });

  it('times each file by the real clock, even one that leaves Date faked', () => {
    for (const { startTime, endTime } of files) {
      expect(startTime).toBeGreaterThan(Date.UTC(2020, 0, 1));
      expect(endTime).toBeGreaterThanOrEqual(startTime);
    }
  });
});
