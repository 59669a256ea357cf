/**
 * Shared plumbing for the money benchmarks (B1 here, and B2 bench/webhooks.ts): fresh migrated databases, servers in
 * child processes (so the load generator does not share an event loop with them), machine
 * facts and the result file. Run from the repository root after `npx tsc -p tsconfig.json`.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { guardResult } from '../lib/load-guard.js';
import { createTestDatabase, TestDatabase } from '../../src/database/test-database.js';

export const HERE = dirname(fileURLToPath(import.meta.url));

export function serverUrl(): string {
  const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('Set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to a PostgreSQL server, e.g. postgres://postgres@127.0.0.1:5432/postgres');
  return url;
}

export function freshDatabase(): Promise<TestDatabase> {
  return createTestDatabase(serverUrl());
}

export interface Child {
  port: number;
  info: Record<string, string>;
  process: ChildProcess;
  /** Resolves with the statements the server sent to PostgreSQL when started with BENCH_COUNT_QUERIES=1, else null. */
  stop(): Promise<number | null>;
}

/** Starts `script` (compiled .js beside this file's folder) and waits for its `READY {json}` line. */
export function startChild(script: string, env: Record<string, string>): Promise<Child> {
  return new Promise((resolve, reject) => {
    // BENCH_CHILD_NODE_ARGS (e.g. "--cpu-prof") to profile the servers under load.
    const nodeArgs = (process.env.BENCH_CHILD_NODE_ARGS ?? '').split(' ').filter(Boolean);
    // BENCH_COUNT_QUERIES=1: count the round trips to PostgreSQL (bench/lib/count-queries.ts).
    if (process.env.BENCH_COUNT_QUERIES === '1') nodeArgs.push('--import', join(HERE, '..', 'lib', 'count-queries.js'));
    const child = spawn(process.execPath, [...nodeArgs, join(HERE, '..', script)], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let buffer = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const line = buffer.split('\n').find((l) => l.startsWith('READY '));
      if (line) {
        const info = JSON.parse(line.slice(6));
        resolve({
          port: info.port,
          info,
          process: child,
          stop: () =>
            new Promise((ok) => {
              child.once('exit', () => ok(/QUERIES (\d+)/.exec(buffer) ? Number(/QUERIES (\d+)/.exec(buffer)![1]) : null));
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code} before it was ready`)));
  });
}

export interface LoadResult {
  requestsPerSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  requests: number;
  non2xx: number;
  errors: number;
}

export async function load(url: string, headers: Record<string, string>, seconds: number, connections: number): Promise<LoadResult> {
  const result = await autocannon({ url, headers, duration: seconds, connections });
  return {
    requestsPerSecond: result.requests.average,
    latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

export function machine() {
  // The load average shows whether anything else was competing for the CPUs during the run.
  return {
    cpus: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: process.platform,
    loadAverage: loadavg().map((l) => Number(l.toFixed(2))),
  };
}

export function writeResult(name: string, result: Record<string, unknown>): string {
  const file = join(HERE, '..', '..', '..', 'bench', 'results', `${name}.json`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(guardResult({ name, date: new Date().toISOString(), machine: machine(), ...result }), null, 2) + '\n');
  return file;
}
