import { availableParallelism } from 'node:os';

/**
 * The sources are compiled for Jest by SWC with the options `nest build` uses for dist/
 * (@nestjs/cli's swcDefaultsFactory for an ESM project), so the tests run the code as it ships.
 * ts-jest loaded the TypeScript compiler into every worker and transpiled with it: 4.5 s of a
 * single file's 44 s profile (docs/performance.md, B8). Types are checked once by `tsc` in `npm test`.
 */
const SWC = {
  module: { type: 'es6' },
  jsc: {
    target: 'es2021',
    parser: { syntax: 'typescript', decorators: true, dynamicImport: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    keepClassNames: true,
    experimental: { keepImportAttributes: true },
  },
  sourceMaps: 'inline',
};

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
  transform: { '^.+\\.ts$': ['@swc/jest', SWC] },
  globalSetup: '<rootDir>/test/setup/global-setup.mjs',
  globalTeardown: '<rootDir>/test/setup/global-teardown.mjs',
  // The longest specs first even on a fresh clone, from a recorded run (test/setup/sequencer.mjs).
  testSequencer: '<rootDir>/test/setup/sequencer.mjs',
  setupFiles: ['<rootDir>/test/setup/env.ts'],
  testTimeout: 60_000,
  // Suites run in parallel workers, each on a database of its own (test/setup/global-setup.mjs).
  // One more worker than cores: a suite often waits on its database thread or on Chromium, and
  // on 2 cores 3 workers beat 2 (docs/performance.md, B8). Jest's default (cores − 1) would be a
  // single worker there. TEST_WORKERS sets the number; `npm test -- --runInBand` runs in one process.
  maxWorkers: Number(process.env.TEST_WORKERS) || availableParallelism() + 1,
};
