// Plain JavaScript on purpose: Jest loads its test sequencer outside its module system.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import TestSequencer from '@jest/test-sequencer';

/** Seconds each spec file took in a whole run (`scripts/record-test-durations.mjs` writes it). */
const RECORDED = JSON.parse(readFileSync(new URL('./spec-durations.json', import.meta.url), 'utf8'));

/**
 * Jest's own order (a file that failed last time first, then the longest first, files with no
 * duration before those with one), with the durations of a recorded run standing in where this
 * checkout has none of its own yet: only Jest's lookup of a file's duration (`time`) is replaced.
 *
 * Jest learns each file's duration from the runs it has seen in this folder; on a fresh clone (and
 * in CI) it knows none and falls back to file size, which put the longest spec (webhook-storm, 90 s
 * in a short file) 333 s into a 455 s run (docs/performance.md, B8, 2 December). That time the other
 * workers still had short files to run beside it; a run that ends on a long file alone does not. With
 * the longest first, a run ends on short files, and a fresh clone runs in the same order every time.
 * A file known to neither (a new spec) still runs first, as in Jest: it may be slow.
 */
export default class RecordedDurationsSequencer extends TestSequencer {
  time(test) {
    const seconds = RECORDED[relative(test.context.config.rootDir, test.path)];
    return super.time(test) ?? (seconds === undefined ? undefined : seconds * 1000);
  }
}
