/**
 * Preloaded into a benchmark's server (`node --import ./dist/bench/lib/count-queries.js`) to count
 * the statements it sends to PostgreSQL: every round trip of the `pg` driver (TypeORM's too) goes
 * through Client.prototype.query. Prints `QUERIES <n>` on stdout when the process exits.
 */
import { writeSync } from 'node:fs';
import pg from 'pg';

let queries = 0;
// eslint-disable-next-line @typescript-eslint/unbound-method -- wrapped and called with its client as `this` below
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  queries++;
  return (query as (...a: unknown[]) => unknown).apply(this, args);
} as typeof query;
process.on('exit', () => writeSync(1, `QUERIES ${queries}\n`));
