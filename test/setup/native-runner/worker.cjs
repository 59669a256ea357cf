// A test worker process of the native runner (runner.mjs): Node loads the TypeScript through the
// hooks registered here, and every module a file imports stays loaded for the next file.
const { enableCompileCache } = require('node:module');

enableCompileCache();
const ready = import('./ts-hooks.mjs').then(({ registerTypeScriptHooks }) => {
  registerTypeScriptHooks();
  return import('./run-file.mjs');
});

module.exports = {
  runFile: async (request) => (await ready).runFile(request),
};
