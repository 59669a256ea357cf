/**
 * B6 start: the embedded default from a fresh data folder to a listening, healthy server (cold),
 * then a restart on the same folder (warm), against bare PGlite + the same migration SQL.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Figure, median, report } from './lib/result.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);

function timeProcess(args: string[], env: Record<string, string>, readyUrl?: string): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const elapsed = () => Number(process.hrtime.bigint() - started) / 1e6;
    if (!readyUrl) {
      child.on('exit', (code) => (code === 0 ? resolvePromise(elapsed()) : reject(new Error(stderr))));
      return;
    }
    const poll = async () => {
      try {
        const res = await fetch(readyUrl);
        if (res.ok) {
          const ms = elapsed();
          child.once('exit', () => resolvePromise(ms));
          child.kill('SIGTERM');
          return;
        }
      } catch {
        /* not listening yet */
      }
      if (child.exitCode !== null) return reject(new Error(stderr));
      setTimeout(poll, 10);
    };
    void poll();
  });
}

export default async function run(): Promise<void> {
  const main = resolve('dist/src/main.js');
  const baseline = resolve('dist/bench/baselines/pglite-start.js');
  const cold: number[] = [];
  const warm: number[] = [];
  const baseCold: number[] = [];
  const baseWarm: number[] = [];
  // A random base below the ephemeral range (32768+, where the embedded database's own port 0
  // lands): other checkouts on a shared machine may run this benchmark at the same time.
  const basePort = 20_000 + Math.floor(Math.random() * 1_000) * 10;
  for (let i = 0; i < RUNS; i++) {
    const port = String(basePort + i);
    const dir = mkdtempSync(join(tmpdir(), 'coffer-b6-'));
    // Demo data off: B6 measures the app's own start (migrations → listening), not the demo load.
    const env = { DATA_DIR: dir, PORT: port, ADMIN_PASSWORD: 'bench-password-123', LOG_LEVEL: 'warn', DATABASE_URL: '', SEED_DEMO: '0' };
    cold.push(await timeProcess([main], env, `http://127.0.0.1:${port}/health`));
    warm.push(await timeProcess([main], env, `http://127.0.0.1:${port}/health`));
    const bare = mkdtempSync(join(tmpdir(), 'coffer-b6-bare-'));
    baseCold.push(await timeProcess([baseline, bare, 'migrate'], {}));
    baseWarm.push(await timeProcess([baseline, bare, 'open'], {}));
    rmSync(dir, { recursive: true, force: true });
    rmSync(bare, { recursive: true, force: true });
  }
  const figures: Figure[] = [
    { name: 'cold start (fresh folder → migrated → healthy)', value: median(cold), unit: 'ms', baseline: median(baseCold) },
    { name: 'warm restart (existing folder → healthy)', value: median(warm), unit: 'ms', baseline: median(baseWarm) },
  ];
  figures[0].ratio = figures[0].value / figures[0].baseline!;
  figures[0].target = '≤ 2';
  figures[0].met = figures[0].ratio <= 2;
  figures[1].ratio = figures[1].value / figures[1].baseline!;
  figures[1].target = '≤ 1.5';
  figures[1].met = figures[1].ratio <= 1.5;
  // The load before and after, and whether the ratios may be quoted, are the guard's (report()).
  report('start', figures, { runs: RUNS, samples: { cold, warm, baseCold, baseWarm } });
}
