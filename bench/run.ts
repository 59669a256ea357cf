/**
 * `npm run bench` runs every benchmark; `npm run bench -- start` runs one. Each is
 * `bench/<name>.ts`, compared with its baseline in the same run.
 */
import { resolve } from 'node:path';
import { startLoadWatch } from './lib/load-guard.js';

const BENCHMARKS = ['start', 'email', 'import', 'read-api', 'webhooks', 'reconciliation', 'pages', 'staff-pages'];

async function main(selected: string[]): Promise<void> {
  const names = selected.length ? selected : BENCHMARKS;
  for (const name of names) {
    if (!BENCHMARKS.includes(name)) throw new Error(`no benchmark "${name}"; there are: ${BENCHMARKS.join(', ')}`);
    // A benchmark either exports a default function or runs at the top level of its module.
    let module: { default?: () => Promise<void> };
    startLoadWatch(name);
    try {
      module = (await import(resolve('dist/bench', `${name}.js`))) as typeof module;
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND' && !selected.length) continue;
      throw error;
    }
    if (typeof module.default === 'function') await module.default();
  }
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
