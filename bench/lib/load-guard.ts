/**
 * The load guard every benchmark goes through: the machine is shared, so a ratio measured while
 * something else started competing for the CPUs is noise, not a result. The 1-minute load
 * average is read when a benchmark starts and when it writes its result; when it rose by more
 * than BENCH_MAX_LOAD_RISE (default 1.0) the ratios are withheld (null, with the reason) and the
 * run says to run again. Before and after are printed and written either way.
 */
import { loadavg } from 'node:os';

const MAX_RISE = Number(process.env.BENCH_MAX_LOAD_RISE ?? 1.0);

export interface LoadReading {
  before: number[];
  after: number[];
  /** Rise of the 1-minute average over the run. */
  rise: number;
  maxRise: number;
  quotable: boolean;
}

const now = () => loadavg().map((l) => Number(l.toFixed(2)));
let before = now();

/** Starts a new watch (run.ts calls it before each benchmark; a benchmark run alone starts at import). */
export function startLoadWatch(name: string): void {
  before = now();
  console.log(`${name}: load average before ${before.join(' ')}`);
}

export function readLoad(): LoadReading {
  const after = now();
  const rise = Number((after[0] - before[0]).toFixed(2));
  return { before, after, rise, maxRise: MAX_RISE, quotable: rise <= MAX_RISE };
}

/** One line for the console: the load before and after and whether the ratio may be quoted. */
export function loadLine(load: LoadReading): string {
  const verdict = load.quotable ? 'ratio quotable' : `rose by ${load.rise} (> ${load.maxRise}): ratio NOT quoted, run again`;
  return `load average before ${load.before.join(' ')}, after ${load.after.join(' ')}: ${verdict}`;
}

/**
 * Annotates a result with its load reading; when the load rose too much every `ratio` in it
 * becomes null (and `pass`/`met` too), so no file or table can quote a noisy ratio.
 */
export function guardResult<T extends Record<string, unknown>>(result: T): T & { load: LoadReading; ratioWithheld?: string } {
  const load = readLoad();
  console.log(loadLine(load));
  if (load.quotable) return { ...result, load };
  const reason = `the 1-minute load average rose by ${load.rise} during the run (more than ${load.maxRise}); run again`;
  return { ...(withhold(result) as T), load, ratioWithheld: reason };
}

const VERDICT_KEYS = new Set(['pass', 'met', 'meetsTarget']);
const withheldKey = (key: string) => key.startsWith('ratio') || VERDICT_KEYS.has(key);

function withhold(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withhold);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withheldKey(k) ? null : withhold(v)]));
  }
  return value;
}

/** A ratio for a console line, or why it is not given. */
export function ratioText(ratio: number, load = readLoad()): string {
  return load.quotable ? ratio.toFixed(2) : `withheld (load rose by ${load.rise})`;
}
