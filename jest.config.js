import { availableParallelism } from 'node:os';

import { SWC_OPTIONS } from './test/setup/swc-options.mjs';

/**
 * Nest 12 ships ES modules only, and Jest loads ES modules only in its native ESM mode
 * (`--experimental-vm-modules`, see the `test` script), so the project is ESM throughout.
 * @type {import('jest').Config}
 */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
    '^content-disposition$': '<rootDir>/test/setup/shims/content-disposition.cjs',
  },
  // Node itself loads the specs and the modules they import, once per worker (test/setup/native-runner);
  // TEST_ISOLATE=1 runs Jest's own runner, a sandbox per file, through this transform.
  runner: process.env.TEST_ISOLATE === '1' ? 'jest-runner' : '<rootDir>/test/setup/native-runner/runner.mjs',
  transform: { '^.+\\.ts$': ['@swc/jest', SWC_OPTIONS] },
  globalSetup: '<rootDir>/test/setup/global-setup.mjs',
  globalTeardown: '<rootDir>/test/setup/global-teardown.mjs',
  // The longest specs first even on a fresh clone, from a recorded run (test/setup/sequencer.mjs).
  testSequencer: '<rootDir>/test/setup/sequencer.mjs',
  setupFiles: ['<rootDir>/test/setup/env.ts', '<rootDir>/test/setup/process-wide-state.ts'],
  testTimeout: 60_000,
  // Suites run in parallel workers, each on a database of its own (test/setup/global-setup.mjs).
  // One more worker than cores: a suite often waits on its database thread or on Chromium, and
  // on 2 cores 3 workers beat 2 (docs/performance.md, B8). Jest's default (cores − 1) would be a
  // single worker there. TEST_WORKERS sets the number; `npm test -- --runInBand` runs in one process.
  maxWorkers: Number(process.env.TEST_WORKERS) || availableParallelism() + 1,
};
