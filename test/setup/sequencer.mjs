// Plain JavaScript on purpose: Jest loads its test sequencer outside its module system.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import TestSequencer from '@jest/test-sequencer';

/** Seconds each spec file took in a whole run (`scripts/record-test-durations.mjs` writes it). */
const RECORDED = JSON.parse(readFileSync(new URL('./spec-durations.json', import.meta.url), 'utf8'));

/**
 * Jest's own order (a file that failed last time first, then the longest first), with the
 * durations of a recorded run standing in where this checkout has none of its own yet.
 *
 * Jest learns each file's duration from the runs it has seen in this folder; on a fresh clone (and
 * in CI) it knows none and falls back to file size, which put the longest spec (webhook-storm, 90 s
 * in a short file) 333 s into a 455 s run (docs/performance.md, B8, 2 December). That time the other
 * workers still had short files to run beside it; a run that ends on a long file alone does not. With
 * the longest first, a run ends on short files, and a fresh clone runs in the same order every time.
 * A file known to neither (a new spec) runs before the others, as in Jest: it may be slow.
 */
export default class RecordedDurationsSequencer extends TestSequencer {
  sort(tests) {
    const known = new Map();
    for (const test of tests) {
      const [status, ms] = this._getCache(test)[test.path] ?? [];
      const recorded = RECORDED[relative(test.context.config.rootDir, test.path)];
      known.set(test, { failed: status === 0, seconds: ms !== undefined ? ms / 1000 : recorded });
    }
    return tests.sort((a, b) => {
      const [ka, kb] = [known.get(a), known.get(b)];
      if (ka.failed !== kb.failed) return ka.failed ? -1 : 1;
      if ((ka.seconds === undefined) !== (kb.seconds === undefined)) return ka.seconds === undefined ? -1 : 1;
      return (kb.seconds ?? 0) - (ka.seconds ?? 0) || a.path.localeCompare(b.path);
    });
  }
}
