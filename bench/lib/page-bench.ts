/**
 * What the B7 page benchmarks share (bench/pages.ts for the public pages, bench/staff-pages.ts for
 * the staff pages): the app's environment, the demo seed, and the measurement of each page against
 * the JSON endpoint serving the same data — both under 20 concurrent autocannon clients, page and
 * JSON runs alternating, first-visit bytes (HTML + stylesheet) and `<script>` count of the page.
 */
import { readFileSync } from 'node:fs';
import type { INestApplication } from '@nestjs/common';
import { load, LoadResult } from '../read-api-kit/bench-kit.js';
import { benchFolder } from './bench-folder.js';
import { withOwnEnv } from './process-env.js';

export const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
export const CONNECTIONS = 20;
export const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);

/** One page and the JSON request reading the same data through the same service call. */
export interface PagePair {
  page: string;
  json?: string;
  /** Headers for the page requests (the staff session cookie). */
  pageHeaders?: Record<string, string>;
  /** Headers for the JSON requests (a bearer token). */
  jsonHeaders?: Record<string, string>;
  /** Only the nearest endpoint: its ratio is `ratioNearest` and not judged. */
  nearest?: boolean;
  /** Text the page must contain, so a page measured empty cannot flatter it. */
  shows?: string;
}

export interface PageRow {
  page: string;
  json: string | null;
  pageP50Ms: number;
  pageRps: number;
  jsonP50Ms: number | null;
  jsonRps: number | null;
  ratio: number | null;
  ratioNearest: number | null;
  /** The server process's CPU (user + system) per request, page and JSON, in ms; null off Linux. */
  pageCpuMs: number | null;
  jsonCpuMs: number | null;
  /** pageCpuMs / jsonCpuMs: steadier than the p50 ratio on a shared machine (CPU counts only while the server runs), but withheld by the load guard like every ratio. */
  ratioCpu: number | null;
  htmlBytes: number;
  cssBytes: number;
  firstVisitBytes: number;
  scripts: number;
  non2xx: number;
}

export const PAGE_TARGETS = { ratio: 1.5, firstVisitBytes: 100_000, scripts: 0 };

/** The app's environment for a page benchmark (a fresh database at `url`, no workers, no rate limit in the way). */
export function pageBenchEnv(url: string): Record<string, string> {
  return {
    DATABASE_URL: url,
    MIGRATIONS_RUN: 'false',
    LOG_LEVEL: 'silent',
    NODE_ENV: 'production',
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
    ADMIN_EMAIL: 'bench@coffer.test',
    ADMIN_PASSWORD: 'bench-password-123456',
    DATABASE_POOL_MAX: '10',
    EMAIL_WORKER: 'off',
    JOBS: 'off',
    MAIL_DIR: benchFolder('coffer-bench-mail-'),
    DATA_DIR: benchFolder('coffer-bench-data-'),
    PUBLIC_RATE_LIMIT_PER_MINUTE: '100000000',
    APP_URL: 'http://bench.test',
  };
}

/** Demo data (SPEC §10) through the real app in this process; `more` adds what a benchmark needs on top. */
export function seedDemoData<T>(env: Record<string, string>, more: (app: INestApplication) => Promise<T>): Promise<T> {
  // Restored afterwards: the servers later benchmarks start inherit this process's environment.
  return withOwnEnv(async () => {
    Object.assign(process.env, env);
    const { createApp } = await import('../../src/app.factory.js');
    const { BootstrapService } = await import('../../src/bootstrap.service.js');
    const { seedDemo } = await import('../../src/demo/demo-seed.js');
    const app = await createApp();
    await app.init();
    try {
      await seedDemo(app, await app.get(BootstrapService).anyAdminId());
      return await more(app);
    } finally {
      await app.close();
    }
  });
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
function combine(runs: LoadResult[]): LoadResult {
  return {
    requestsPerSecond: mean(runs.map((r) => r.requestsPerSecond)),
    latencyMs: {
      p50: mean(runs.map((r) => r.latencyMs.p50)),
      p90: mean(runs.map((r) => r.latencyMs.p90)),
      p99: mean(runs.map((r) => r.latencyMs.p99)),
      max: Math.max(...runs.map((r) => r.latencyMs.max)),
    },
    requests: runs.reduce((a, r) => a + r.requests, 0),
    non2xx: runs.reduce((a, r) => a + r.non2xx, 0),
    errors: runs.reduce((a, r) => a + r.errors, 0),
  };
}

/**
 * BENCH_ONLY=/interest,/donate keeps only those pages (and pages below them); BENCH_PAGES_ONLY=1
 * drops their JSON runs (with BENCH_CHILD_NODE_ARGS="--cpu-prof", a profile of the page alone);
 * BENCH_JSON_ONLY=1 drops the page runs instead (the endpoint's profile, to set beside it).
 */
export function selectPairs(pairs: PagePair[]): PagePair[] {
  const only = (process.env.BENCH_ONLY ?? '').split(',').filter(Boolean);
  const selected = only.length ? pairs.filter((p) => only.some((o) => p.page === o || p.page.startsWith(`${o}/`))) : pairs;
  if (process.env.BENCH_PAGES_ONLY === '1') for (const pair of selected) delete pair.json;
  return selected;
}

const anonymize = (path: string) => path.replace(/[A-Za-z0-9_.-]{40,}/, ':token').replace(/[0-9a-f]{8}-[0-9a-f-]{27}/, ':id');

/** The CPU time (user + system, ms) process `pid` has used so far, from /proc; null where there is none. */
function cpuMs(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    // Fields after the command's closing parenthesis: state is the 3rd, utime the 14th, stime the 15th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return null;
  }
}

/** A measured run and the server's CPU spent on it (ms), when the server's pid is known. */
async function loadWithCpu(pid: number | undefined, url: string, headers: Record<string, string>): Promise<{ run: LoadResult; cpu: number | null }> {
  const before = cpuMs(pid);
  const run = await load(url, headers, SECONDS, CONNECTIONS);
  const after = cpuMs(pid);
  return { run, cpu: before === null || after === null ? null : after - before };
}

const perRequest = (cpu: (number | null)[], runs: LoadResult[]): number | null => {
  if (!runs.length || cpu.some((c) => c === null)) return null;
  const requests = runs.reduce((a, r) => a + r.requests, 0);
  return requests ? Number(((cpu as number[]).reduce((a, c) => a + c, 0) / requests).toFixed(3)) : null;
};

/**
 * Measures each pair against the server at `base`: page then JSON, ROUNDS times, mean p50; with
 * the server's `pid`, also its CPU per request on each side (from /proc, Linux only).
 */
export async function measurePairs(base: string, pairs: PagePair[], pid?: number): Promise<PageRow[]> {
  const rows: PageRow[] = [];
  for (const pair of pairs) {
    const pageHeaders = pair.pageHeaders ?? {};
    const jsonHeaders = pair.jsonHeaders ?? {};
    const first = await fetch(`${base}${pair.page}`, { headers: pageHeaders, redirect: 'manual' });
    const html = await first.text();
    if (first.status !== 200) throw new Error(`${pair.page} answered ${first.status}`);
    if (pair.shows && !html.includes(pair.shows)) throw new Error(`${pair.page} does not show ${pair.shows}`);
    const css = /<link rel="stylesheet" href="([^"]+)">/.exec(html)?.[1];
    const cssBytes = css ? (await (await fetch(`${base}${css}`)).arrayBuffer()).byteLength : 0;
    const scripts = (html.match(/<script/gi) ?? []).length;
    if (pair.json) {
      const check = await fetch(`${base}${pair.json}`, { headers: jsonHeaders });
      if (check.status !== 200) throw new Error(`${pair.json} answered ${check.status}`);
    }
    // Page and JSON alternate, so whatever else loads the machine hits both alike.
    const pageRuns: LoadResult[] = [];
    const jsonRuns: LoadResult[] = [];
    const pageCpu: (number | null)[] = [];
    const jsonCpu: (number | null)[] = [];
    const jsonOnly = process.env.BENCH_JSON_ONLY === '1' && pair.json;
    for (let round = 0; round < ROUNDS; round++) {
      if (!jsonOnly) {
        await load(`${base}${pair.page}`, pageHeaders, 1, CONNECTIONS);
        const { run, cpu } = await loadWithCpu(pid, `${base}${pair.page}`, pageHeaders);
        pageRuns.push(run);
        pageCpu.push(cpu);
      }
      if (pair.json) {
        await load(`${base}${pair.json}`, jsonHeaders, 1, CONNECTIONS);
        const { run, cpu } = await loadWithCpu(pid, `${base}${pair.json}`, jsonHeaders);
        jsonRuns.push(run);
        jsonCpu.push(cpu);
      }
    }
    const page = jsonOnly ? { requestsPerSecond: 0, latencyMs: { p50: 0, p90: 0, p99: 0, max: 0 }, requests: 0, non2xx: 0, errors: 0 } : combine(pageRuns);
    const json = pair.json ? combine(jsonRuns) : undefined;
    const ratio = json ? page.latencyMs.p50 / Math.max(json.latencyMs.p50, 1) : null;
    const pageCpuMs = perRequest(pageCpu, pageRuns);
    const jsonCpuMs = perRequest(jsonCpu, jsonRuns);
    rows.push({
      page: anonymize(pair.page),
      json: pair.json ? anonymize(pair.json) : null,
      pageP50Ms: page.latencyMs.p50,
      pageRps: Math.round(page.requestsPerSecond),
      jsonP50Ms: json?.latencyMs.p50 ?? null,
      jsonRps: json ? Math.round(json.requestsPerSecond) : null,
      ratio: ratio === null || pair.nearest ? null : Number(ratio.toFixed(2)),
      ratioNearest: ratio !== null && pair.nearest ? Number(ratio.toFixed(2)) : null,
      pageCpuMs,
      jsonCpuMs,
      ratioCpu: pageCpuMs !== null && jsonCpuMs ? Number((pageCpuMs / jsonCpuMs).toFixed(2)) : null,
      htmlBytes: Buffer.byteLength(html),
      cssBytes,
      firstVisitBytes: Buffer.byteLength(html) + cssBytes,
      scripts,
      non2xx: page.non2xx + (json?.non2xx ?? 0),
    });
  }
  return rows;
}

export function pagesPass(rows: PageRow[]): boolean {
  return rows.every(
    (r) => (r.ratio === null || r.ratio <= PAGE_TARGETS.ratio) && r.firstVisitBytes <= PAGE_TARGETS.firstVisitBytes && r.scripts === PAGE_TARGETS.scripts && r.non2xx === 0,
  );
}

/** The closing console line of a page benchmark. */
export function pagesLine(title: string, rows: PageRow[], pass: boolean, file: string): string {
  const worst = rows.filter((r) => r.ratio !== null).reduce((a, r) => Math.max(a, r.ratio!), 0);
  const scripts = rows.reduce((a, r) => a + r.scripts, 0);
  return `${title}: ${rows.length} pages, worst page/JSON p50 ratio ${worst.toFixed(2)}, largest first visit ${Math.max(...rows.map((r) => r.firstVisitBytes))} bytes, ${scripts} scripts; ${pass ? 'pass' : 'FAIL'}; ${file}`;
}
