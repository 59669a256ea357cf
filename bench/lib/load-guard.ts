/**
 * The load guard every benchmark goes through: a ratio measured while something else competed
 * for the CPUs is noise, not a result.
 *
 * The 1-minute load average is read when a benchmark starts and when it writes its result, and
 * both are printed and written. But a benchmark on a 2-core machine raises that average by
 * itself (an idle machine went 0.36 → 1.81 during B6 alone), so the average cannot tell a run
 * disturbed by other work from an undisturbed one. The guard therefore also samples, once a
 * second, the tasks the load average counts (threads running or in uninterruptible sleep, from
 * /proc) and splits them into the benchmark's own (its process tree and the PostgreSQL server
 * it drives) and everything else. The ratios are withheld (null, with the reason) when the load
 * that is *not* the benchmark's rose by more than BENCH_MAX_LOAD_RISE (default 1.0) over the
 * run: the mean of the other tasks in the run's samples against the 1-minute average read before
 * it, or, where /proc cannot be read, the 1-minute average itself.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { isMainThread, Worker, workerData } from 'node:worker_threads';

const MAX_RISE = Number(process.env.BENCH_MAX_LOAD_RISE ?? 1.0);

export interface LoadReading {
  before: number[];
  after: number[];
  /** Rise of the 1-minute average over the run (the benchmark's own work included). */
  rise: number;
  /** Runnable tasks that were not the benchmark's: mean and peak over the run's samples. */
  others?: { mean: number; max: number; samples: number };
  maxRise: number;
  quotable: boolean;
}

const now = () => loadavg().map((l) => Number(l.toFixed(2)));
let before = now();

/**
 * The samples live in shared memory, written by a worker thread of this process: several
 * benchmarks block their own event loop for most of a run (B4 waits on `spawnSync` of the import
 * and of psql), and a timer on the main thread would then take one sample in all.
 * [0] sum of the other tasks counted, [1] samples, [2] peak.
 */
const SUM = 0;
const COUNT = 1;
const PEAK = 2;

function startSampler(): Int32Array {
  const shared = new Int32Array(new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT));
  const worker = new Worker(new URL(import.meta.url), { workerData: { loadGuardSampler: true, shared, pid: process.pid } });
  worker.unref();
  return shared;
}

if (!isMainThread && (workerData as { loadGuardSampler?: boolean } | null)?.loadGuardSampler) {
  const { shared, pid } = workerData as { shared: Int32Array; pid: number };
  setInterval(() => {
    const counted = countForeignRunnable(pid);
    if (counted === undefined) return;
    Atomics.add(shared, SUM, counted);
    Atomics.add(shared, COUNT, 1);
    if (counted > Atomics.load(shared, PEAK)) Atomics.store(shared, PEAK, counted);
  }, 1000);
}
const samples = isMainThread ? startSampler() : new Int32Array(3);

/** Starts a new watch (run.ts calls it before each benchmark; a benchmark run alone starts at import). */
export function startLoadWatch(name: string): void {
  before = now();
  for (const slot of [SUM, COUNT, PEAK]) Atomics.store(samples, slot, 0);
  console.log(`${name}: load average before ${before.join(' ')}`);
}

export function readLoad(): LoadReading {
  const after = now();
  const rise = Number((after[0] - before[0]).toFixed(2));
  const count = Atomics.load(samples, COUNT);
  if (!count) return { before, after, rise, maxRise: MAX_RISE, quotable: rise <= MAX_RISE };
  const mean = Number((Atomics.load(samples, SUM) / count).toFixed(2));
  const others = { mean, max: Atomics.load(samples, PEAK), samples: count };
  return { before, after, rise, others, maxRise: MAX_RISE, quotable: mean <= MAX_RISE };
}

/** One line for the console: the load before and after and whether the ratio may be quoted. */
export function loadLine(load: LoadReading): string {
  const others = load.others ? `; other work beside the benchmark: ${load.others.mean} runnable tasks on average (peak ${load.others.max}, ${load.others.samples} samples)` : '';
  const verdict = load.quotable
    ? 'ratio quotable'
    : `${load.others ? `other work averaged ${load.others.mean}` : `load rose by ${load.rise}`} (> ${load.maxRise}): ratio NOT quoted, run again`;
  return `load average before ${load.before.join(' ')}, after ${load.after.join(' ')}${others}: ${verdict}`;
}

/**
 * Annotates a result with its load reading; when the load rose too much every `ratio` in it
 * becomes null (and `pass`/`met` too), so no file or table can quote a noisy ratio.
 */
export function guardResult<T extends Record<string, unknown>>(result: T): T & { load: LoadReading; ratioWithheld?: string } {
  const load = readLoad();
  console.log(loadLine(load));
  if (load.quotable) return { ...result, load };
  const reason = load.others
    ? `other work on the machine averaged ${load.others.mean} runnable tasks during the run (more than ${load.maxRise}); run again`
    : `the 1-minute load average rose by ${load.rise} during the run (more than ${load.maxRise}); run again`;
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
  return load.quotable ? ratio.toFixed(2) : `withheld (${load.others ? `other work averaged ${load.others.mean}` : `load rose by ${load.rise}`})`;
}

interface Task {
  pid: number;
  ppid: number;
  comm: string;
  /** Threads counted by the load average: running (R) or in uninterruptible sleep (D). */
  busy: number;
}

/**
 * Runnable tasks that belong neither to this process's tree nor to PostgreSQL (which, during a
 * benchmark, serves the benchmark), or undefined where /proc is not there to read.
 */
export function countForeignRunnable(self = process.pid): number | undefined {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return undefined;
  }
  const tasks = new Map<number, Task>();
  for (const name of pids) {
    const task = readTask(name);
    if (task) tasks.set(task.pid, task);
  }
  const own = (pid: number): boolean => {
    for (let p = pid, hops = 0; p > 1 && hops < 64; hops++) {
      if (p === self) return true;
      const task = tasks.get(p);
      if (!task) return false;
      p = task.ppid;
    }
    return false;
  };
  let foreign = 0;
  for (const task of tasks.values()) {
    if (task.busy && task.comm !== 'postgres' && !own(task.pid)) foreign += task.busy;
  }
  return foreign;
}

function readTask(pid: string): Task | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid …": comm may itself contain spaces and parentheses.
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const [, ppid] = stat.slice(close + 2).split(' ');
    let busy = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const threadStat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const state = threadStat[threadStat.lastIndexOf(')') + 2];
      if (state === 'R' || state === 'D') busy++;
    }
    return { pid: Number(pid), ppid: Number(ppid), comm, busy };
  } catch {
    return undefined; // the process ended while being read
  }
}
