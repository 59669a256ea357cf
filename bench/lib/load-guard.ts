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

const MAX_RISE = Number(process.env.BENCH_MAX_LOAD_RISE ?? 1.0);

export interface LoadReading {
  before: number[];
  after: number[];
  /** Rise of the 1-minute average over the run (the benchmark's own work included). */
  rise: number;
  /** Runnable tasks that were not the benchmark's: mean and peak over the run's samples. */
  others?: { mean: number; max: number; samples: number };
  /** What the guard judged: the other tasks' mean over the run less the load before it. */
  othersRise?: number;
  maxRise: number;
  quotable: boolean;
}

const now = () => loadavg().map((l) => Number(l.toFixed(2)));
let before = now();
let samples: number[] = [];
let timer: NodeJS.Timeout | undefined;

/** Starts a new watch (run.ts calls it before each benchmark; a benchmark run alone starts at import). */
export function startLoadWatch(name: string): void {
  before = now();
  samples = [];
  console.log(`${name}: load average before ${before.join(' ')}`);
}

function sample(): void {
  const counted = countForeignRunnable();
  if (counted !== undefined) samples.push(counted);
}
timer = setInterval(sample, 1000);
timer.unref();

export function readLoad(): LoadReading {
  const after = now();
  const rise = Number((after[0] - before[0]).toFixed(2));
  if (!samples.length) return { before, after, rise, maxRise: MAX_RISE, quotable: rise <= MAX_RISE };
  const mean = Number((samples.reduce((a, b) => a + b, 0) / samples.length).toFixed(2));
  const others = { mean, max: Math.max(...samples), samples: samples.length };
  const othersRise = Number((mean - before[0]).toFixed(2));
  return { before, after, rise, others, othersRise, maxRise: MAX_RISE, quotable: othersRise <= MAX_RISE };
}

/** One line for the console: the load before and after and whether the ratio may be quoted. */
export function loadLine(load: LoadReading): string {
  const others = load.others
    ? `; other work beside the benchmark: ${load.others.mean} runnable tasks on average (peak ${load.others.max}, ${load.others.samples} samples)`
    : '';
  const judged = load.othersRise ?? load.rise;
  const verdict = load.quotable ? 'ratio quotable' : `${load.others ? 'other work' : 'load'} rose by ${judged} (> ${load.maxRise}): ratio NOT quoted, run again`;
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
    ? `other work on the machine rose by ${load.othersRise} runnable tasks during the run (more than ${load.maxRise}); run again`
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
  return load.quotable ? ratio.toFixed(2) : `withheld (${load.others ? 'other work' : 'load'} rose by ${load.othersRise ?? load.rise})`;
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
