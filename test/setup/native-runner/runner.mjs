import { fileURLToPath } from 'node:url';
import { Worker } from 'jest-worker';

/**
 * A Jest runner that runs the spec files in worker processes where Node itself loads the modules,
 * once per worker: Jest's own runner gives every file a sandbox of its own and loads into it,
 * file after file, all ~3,300 modules an app-booting spec needs (Nest, TypeORM, rxjs…), ~1.1 s of
 * CPU per file (docs/performance.md, B8). The tests themselves still run on jest-circus, Jest's
 * framework (run-file.mjs), so hooks, timeouts, `each`, `todo` and the reports are Jest's.
 *
 * What a file changes in its process is undone before the next one: the environment variables
 * and the working folder are put back, the setup files run again, mocks and fake timers are
 * restored. What it leaves in a module of ours (a cache, a counter) is not: state shared between
 * files is a bug this runner can show. `TEST_ISOLATE=1` runs Jest's own runner instead.
 */
export default class NativeRunner {
  constructor(globalConfig) {
    this.globalConfig = globalConfig;
  }

  async runTests(tests, watcher, onStart, onResult, onFailure, options) {
    const workers = options.serial ? 1 : this.globalConfig.maxWorkers;
    const pool = new Worker(fileURLToPath(new URL('./worker.cjs', import.meta.url)), {
      exposedMethods: ['runFile'],
      numWorkers: workers,
      maxRetries: 0,
      forkOptions: { serialization: 'json', stdio: 'pipe' },
      workerGracefulExitTimeout: this.globalConfig.workerGracefulExitTimeout,
    });
    pool.getStdout()?.pipe(process.stdout);
    pool.getStderr()?.pipe(process.stderr);

    // Files go out one at a time as workers come free, in the sequencer's order.
    const queue = [...tests];
    const next = async () => {
      for (let test = queue.shift(); test; test = queue.shift()) {
        if (watcher.isInterrupted()) return;
        await onStart(test);
        try {
          const result = await pool.runFile({ globalConfig: this.globalConfig, config: test.context.config, path: test.path });
          await onResult(test, result);
        } catch (error) {
          await onFailure(test, { message: error?.message ?? String(error), stack: error?.stack });
        }
      }
    };
    try {
      await Promise.all(Array.from({ length: workers }, next));
    } finally {
      const { forceExited } = await pool.end();
      if (forceExited) process.stderr.write('A test worker did not exit when asked and was stopped (a server or timer a spec left open).\n');
    }
  }
}
