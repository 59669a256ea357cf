import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { deepCyclicCopy } from 'jest-util';
import { jest, resetJestObject, setFileGlobals } from './jest-globals.mjs';

const require = createRequire(import.meta.url);

/**
 * jest-circus's framework, the very code Jest's own runner loads into each file's sandbox: it
 * installs describe/it/expect, runs the file's tests with their hooks, timeouts, `each` and `todo`,
 * and turns the outcome into Jest's result. Its state (the tree of tests) lives in the module, so
 * each file gets a fresh copy of it; everything it requires stays loaded.
 */
const CIRCUS = join(dirname(require.resolve('jest-circus/package.json')), 'build/jestAdapterInit.js');
const EVENT_HANDLERS = Symbol.for('EVENT_HANDLERS');

/** The process as the worker started it: each file starts from it, as each has its own under Jest's runner. */
const startingEnv = { ...process.env };
const startingCwd = process.cwd();
/** The real clock, for the file's duration: a spec may leave Date faked until the file ends. */
const now = Date.now;
let files = 0;

function restoreProcess() {
  for (const key of Object.keys(process.env)) if (!(key in startingEnv)) delete process.env[key];
  Object.assign(process.env, startingEnv);
  if (process.cwd() !== startingCwd) process.chdir(startingCwd);
}

/** Imports a module afresh (a setup file runs once per test file, as under Jest's runner). */
const importAfresh = (path) => import(`${pathToFileURL(path).href}?file=${files}`);

/** Runs one spec file in this worker and answers Jest's result for it. */
export async function runFile({ globalConfig, config, path }) {
  files += 1;
  restoreProcess();
  const start = now();
  try {
    for (const setupFile of config.setupFiles) await importAfresh(setupFile);

    delete globalThis[EVENT_HANDLERS];
    delete require.cache[CIRCUS];
    const circus = require(CIRCUS);
    const environment = { global: globalThis };
    const runtime = { enterTestCode() {}, leaveTestCode() {} };
    const { snapshotState } = await circus.initialize({
      config,
      environment,
      globalConfig,
      localRequire: require,
      parentProcess: process,
      runtime,
      sendMessageToJest: undefined,
      setGlobalsForRuntime: setFileGlobals,
      testPath: path,
    });
    // Jest's sandbox has a global `jest` too, beside the one `@jest/globals` exports.
    globalThis.jest = jest;
    const setupAfterEnvStart = performance.now();
    for (const setupFile of config.setupFilesAfterEnv) await importAfresh(setupFile);
    const setupAfterEnvEnd = performance.now();

    await importAfresh(path);
    const result = await circus.runAndTransformResultsToJestFormat({
      config,
      globalConfig,
      setupAfterEnvPerfStats: { setupAfterEnvStart, setupAfterEnvEnd },
      testPath: path,
    });
    addSnapshotData(result, snapshotState);
    const end = now();
    result.perfStats = { ...result.perfStats, start, end, runtime: end - start, slow: (end - start) / 1000 > config.slowTestThreshold };
    result.testFilePath = path;
    result.displayName = config.displayName;
    result.skipped = result.numPendingTests === result.testResults.length;
    return deepCyclicCopy(result, { keepPrototype: false });
  } finally {
    resetJestObject();
  }
}

/** As jest-circus's own adapter does after a file: what its snapshots added, matched or left unchecked. */
function addSnapshotData(result, snapshotState) {
  for (const { fullName, status, failing } of result.testResults) {
    if (status === 'pending' || status === 'failed' || (failing && status === 'passed')) snapshotState.markSnapshotsAsCheckedForTest(fullName);
  }
  const uncheckedCount = snapshotState.getUncheckedCount();
  const uncheckedKeys = snapshotState.getUncheckedKeys();
  if (uncheckedCount) snapshotState.removeUncheckedKeys();
  const status = snapshotState.save();
  Object.assign(result.snapshot, {
    fileDeleted: status.deleted,
    added: snapshotState.added,
    matched: snapshotState.matched,
    unmatched: snapshotState.unmatched,
    updated: snapshotState.updated,
    unchecked: status.deleted ? 0 : uncheckedCount,
    uncheckedKeys: [...uncheckedKeys],
  });
}
