#!/usr/bin/env node
/**
 * Records how long each spec file took, for the test sequencer's first run on a fresh clone
 * (test/setup/sequencer.mjs). Give it the JSON of one or more whole runs
 * (`npm test -- --json --outputFile=run.json`); a file's figure is its mean over them, in seconds.
 *
 *   node scripts/record-test-durations.mjs run1.json [run2.json …]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const target = fileURLToPath(new URL('../test/setup/spec-durations.json', import.meta.url));
const runs = process.argv.slice(2);
if (runs.length === 0) {
  process.stderr.write('usage: node scripts/record-test-durations.mjs run.json [more runs…]\n');
  process.exit(2);
}

const seconds = new Map();
for (const run of runs) {
  const { testResults } = JSON.parse(readFileSync(run, 'utf8'));
  if (!Array.isArray(testResults)) throw new Error(`${run} is not the JSON of a Jest run (no testResults)`);
  for (const { name, startTime, endTime } of testResults) {
    // The run may come from another clone: keep the path from the first src/ or test/ folder.
    const path = relative(root, name).replace(/^.*?(?=(^|\/)(src|test)\/)\/?/, '');
    seconds.set(path, [...(seconds.get(path) ?? []), (endTime - startTime) / 1000]);
  }
}
const mean = (values) => Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 10) / 10;
const recorded = Object.fromEntries([...seconds].map(([path, values]) => [path, mean(values)]).sort(([a], [b]) => a.localeCompare(b)));
writeFileSync(target, `${JSON.stringify(recorded, null, 2)}\n`);
process.stdout.write(`${Object.keys(recorded).length} spec files recorded in ${relative(root, target)}\n`);
