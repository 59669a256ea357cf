import { existsSync, readFileSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { fileURLToPath } from 'node:url';
import { transformSync } from '@swc/core';
import { SWC_OPTIONS } from '../swc-options.mjs';

/** Where `import { jest } from '@jest/globals'` leads in a test worker (Jest's own module works only in its sandbox). */
const JEST_GLOBALS = new URL('./jest-globals.mjs', import.meta.url).href;

const isTypeScript = (url) => url.startsWith('file:') && new URL(url).pathname.endsWith('.ts');

/**
 * Lets Node itself load the TypeScript sources and specs: an ES module import of `./x.js` from a
 * `.ts` file finds `./x.ts` (the sources name the file they compile to, as Node's ESM wants), and
 * a `.ts` file is compiled by SWC with the options of the build. Synchronous hooks run in the
 * thread that registers them, here each test worker process, before anything of ours is imported.
 */
export function registerTypeScriptHooks() {
  process.setSourceMapsEnabled(true);
  registerHooks({
    resolve(specifier, context, nextResolve) {
      if (specifier === '@jest/globals') return { url: JEST_GLOBALS, format: 'module', shortCircuit: true };
      if (specifier.endsWith('.js') && (specifier.startsWith('./') || specifier.startsWith('../')) && context.parentURL && isTypeScript(context.parentURL)) {
        const typeScript = new URL(`${specifier.slice(0, -3)}.ts`, context.parentURL);
        if (existsSync(typeScript)) return { url: typeScript.href, format: 'module', shortCircuit: true };
      }
      return nextResolve(specifier, context);
    },
    load(url, context, nextLoad) {
      if (!isTypeScript(url)) return nextLoad(url, context);
      const filename = fileURLToPath(url);
      const { code } = transformSync(readFileSync(filename, 'utf8'), { ...SWC_OPTIONS, filename });
      return { format: 'module', source: code, shortCircuit: true };
    },
  });
}
