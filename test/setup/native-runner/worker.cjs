// A test worker process of the native runner (runner.mjs): Node loads the TypeScript through the
// hooks registered here, and every module a file imports stays loaded for the next file.
const { enableCompileCache, flushCompileCache } = require('node:module');

enableCompileCache();
const ready = import('./ts-hooks.mjs').then(({ registerTypeScriptHooks }) => {
  registerTypeScriptHooks();
  return import('./run-file.mjs');
});

module.exports = {
  runFile: async (request) => {
    try {
      return await (await ready).runFile(request);
    } finally {
      // Node writes the compile cache when the process exits, by default. From a fresh clone
      // that is ~3,300 new modules, and writing them took longer than the 500 ms jest-worker
      // allows a worker to exit. The worker was then killed, and what it had not written was lost
      // for the next run. Flushing after each file writes only the modules that file added.
      flushCompileCache();
    }
  },
};

// Asked to end, jest-worker only stops listening: the IPC channel would still hold the process
// open, so every run would end with a worker stopped by force. Unreferenced, it lets the worker
// exit by itself, unless a spec left a server, socket or timer open (then the runner says so).
module.exports.teardown = () => process.channel?.unref();
