/**
 * B7 pages: each public page's server time under 20 concurrent clients (autocannon) against the
 * JSON endpoint serving the same data, same run, same process; and the bytes a first visit
 * downloads (HTML + the stylesheet; no images, no JavaScript). Page and JSON runs alternate. Demo data (SPEC §10) seeded as on
 * a first start. Targets (QUALITY.md): page ≤ 1.5 × its JSON endpoint; first visit ≤ 100 KB.
 *
 *   npm run build && npx tsc -p bench/tsconfig.json && BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node dist/bench/pages.js
 */
import 'reflect-metadata';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { freshDatabase, load, LoadResult, startChild, writeResult } from './read-api-kit/bench-kit.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 20;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);

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

const db = await freshDatabase();
try {
  const env = {
    DATABASE_URL: db.url,
    MIGRATIONS_RUN: 'false',
    LOG_LEVEL: 'silent',
    NODE_ENV: 'production',
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
    ADMIN_EMAIL: 'bench@coffer.test',
    ADMIN_PASSWORD: 'bench-password-123456',
    DATABASE_POOL_MAX: '10',
    EMAIL_WORKER: 'off',
    JOBS: 'off',
    MAIL_DIR: mkdtempSync(join(tmpdir(), 'coffer-bench-mail-')),
    DATA_DIR: mkdtempSync(join(tmpdir(), 'coffer-bench-data-')),
    PUBLIC_RATE_LIMIT_PER_MINUTE: '100000000',
    APP_URL: 'http://bench.test',
  };
  const links = await seed(env);

  const app = await startChild('read-api-kit/app-server.js', env);
  const base = `http://127.0.0.1:${app.port}`;
  const auth = { authorization: `Bearer ${app.info.token}` };
  // Each page and the JSON request that reads the same data through the same service call.
  // `/donate` has no such endpoint: its funds list is `FundsService.list()` (code and name),
  // while `GET /api/v1/funds` adds every fund's balances and a bearer token check. It is still
  // measured beside it, as the nearest, but its ratio is `ratioNearest` and not judged.
  const pairs: { page: string; json?: string; jsonAuth?: boolean; nearest?: boolean; shows?: string }[] = [
    { page: '/', json: '/api/v1/public/summary' },
    { page: '/interest', json: '/api/v1/priority-areas' },
    { page: '/interest/thanks' },
    { page: links.status, json: `/api/v1/interest${links.status}` },
    { page: links.grantee, json: `/api/v1${links.grantee}` },
    { page: '/donate', json: '/api/v1/funds', jsonAuth: true, nearest: true },
    { page: '/donate/thanks' },
    { page: '/donate/cancelled' },
    { page: '/jobs', json: '/api/v1/jobs', shows: `/jobs/${links.roleId}` },
    { page: `/jobs/${links.roleId}`, json: `/api/v1/jobs/${links.roleId}` },
    { page: `/jobs/${links.roleId}/apply`, json: `/api/v1/jobs/${links.roleId}` },
    { page: links.unsubscribe, json: `/api/v1${links.unsubscribe}` },
  ];
  // BENCH_ONLY=/interest,/donate measures only those pages; BENCH_PAGES_ONLY=1 skips their JSON
  // runs (with BENCH_CHILD_NODE_ARGS="--cpu-prof", a profile of the page alone).
  const only = (process.env.BENCH_ONLY ?? '').split(',').filter(Boolean);
  const selected = only.length ? pairs.filter((p) => only.some((o) => p.page === o || p.page.startsWith(`${o}/`))) : pairs;
  if (process.env.BENCH_PAGES_ONLY === '1') for (const pair of selected) delete pair.json;
  const rows = [];
  for (const pair of selected) {
    const first = await fetch(`${base}${pair.page}`);
    const html = await first.text();
    if (first.status !== 200) throw new Error(`${pair.page} answered ${first.status}`);
    // A page measured empty would flatter it: the list must show the demo's posting.
    if (pair.shows && !html.includes(pair.shows)) throw new Error(`${pair.page} does not show ${pair.shows}`);
    const css = /<link rel="stylesheet" href="([^"]+)">/.exec(html)?.[1];
    const cssBytes = css ? (await (await fetch(`${base}${css}`)).arrayBuffer()).byteLength : 0;
    const scripts = (html.match(/<script/gi) ?? []).length;
    const headers = pair.jsonAuth ? auth : {};
    if (pair.json) {
      const check = await fetch(`${base}${pair.json}`, { headers });
      if (check.status !== 200) throw new Error(`${pair.json} answered ${check.status}`);
    }
    // Page and JSON alternate, so whatever else loads the machine hits both alike.
    const pageRuns: LoadResult[] = [];
    const jsonRuns: LoadResult[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      await load(`${base}${pair.page}`, {}, 1, CONNECTIONS);
      pageRuns.push(await load(`${base}${pair.page}`, {}, SECONDS, CONNECTIONS));
      if (pair.json) {
        await load(`${base}${pair.json}`, headers, 1, CONNECTIONS);
        jsonRuns.push(await load(`${base}${pair.json}`, headers, SECONDS, CONNECTIONS));
      }
    }
    const page = combine(pageRuns);
    const json = pair.json ? combine(jsonRuns) : undefined;
    const name = pair.page.replace(/[A-Za-z0-9_.-]{40,}/, ':token').replace(/[0-9a-f]{8}-[0-9a-f-]{27}/, ':id');
    const ratio = json ? page.latencyMs.p50 / Math.max(json.latencyMs.p50, 1) : null;
    const firstVisitBytes = Buffer.byteLength(html) + cssBytes;
    rows.push({
      page: name,
      json: pair.json?.replace(/[A-Za-z0-9_.-]{40,}/, ':token').replace(/[0-9a-f]{8}-[0-9a-f-]{27}/, ':id') ?? null,
      pageP50Ms: page.latencyMs.p50,
      pageRps: Math.round(page.requestsPerSecond),
      jsonP50Ms: json?.latencyMs.p50 ?? null,
      jsonRps: json ? Math.round(json.requestsPerSecond) : null,
      ratio: ratio === null || pair.nearest ? null : Number(ratio.toFixed(2)),
      ratioNearest: ratio !== null && pair.nearest ? Number(ratio.toFixed(2)) : null,
      htmlBytes: Buffer.byteLength(html),
      cssBytes,
      firstVisitBytes,
      scripts,
      non2xx: page.non2xx + (json?.non2xx ?? 0),
    });
  }
  await app.stop();

  console.table(rows);
  const pass = rows.every((r) => (r.ratio === null || r.ratio <= 1.5) && r.firstVisitBytes <= 100_000 && r.scripts === 0 && r.non2xx === 0);
  const file = writeResult('pages', {
    benchmark: 'B7 pages',
    setup: { seconds: SECONDS, rounds: ROUNDS, connections: CONNECTIONS, data: 'demo seed (SPEC §10)', latency: 'p50 per request under load' },
    rows,
    targets: { ratio: 1.5, firstVisitBytes: 100_000, scripts: 0 },
    pass,
  });
  const worst = rows.filter((r) => r.ratio !== null).reduce((a, r) => Math.max(a, r.ratio!), 0);
  console.log(
    `B7 pages: ${rows.length} pages, worst page/JSON p50 ratio ${worst.toFixed(2)}, largest first visit ${Math.max(...rows.map((r) => r.firstVisitBytes))} bytes, 0 scripts; ${pass ? 'pass' : 'FAIL'}; ${file}`,
  );
} finally {
  await db.drop();
}

/** Demo data through the real app in this process, and one private link of each kind. */
async function seed(env: Record<string, string>): Promise<{ status: string; grantee: string; unsubscribe: string; roleId: string }> {
  Object.assign(process.env, env);
  const { createApp } = await import('../src/app.factory.js');
  const { BootstrapService } = await import('../src/bootstrap.service.js');
  const { seedDemo } = await import('../src/demo/demo-seed.js');
  const { InterestService } = await import('../src/interest/interest.service.js');
  const { UnsubscribeService } = await import('../src/email/unsubscribe.service.js');
  const app = await createApp();
  await app.init();
  try {
    await seedDemo(app, await app.get(BootstrapService).anyAdminId());
    await app.get(InterestService).submit({ name: 'Bench Applicant', email: 'bench-applicant@example.org', areas: ['unix-signals'], summary: 'Signals', consent: true }, 'en');
    const ds = app.get(DataSource);
    // The outbox keeps link references; the worker writes the link at send time, as here.
    const { linkKey, resolveLinkRefs } = await import('../src/common/links/link-token.js');
    const { jwtSecret } = await import('../src/auth/jwt-secret.js');
    const key = linkKey(jwtSecret(env.JWT_SECRET, env.DATA_DIR));
    const path = async (key_: string, where: string) => {
      const [row]: { url: string }[] = await ds.query(`SELECT props->>'${key_}' AS url FROM email_outbox WHERE ${where} ORDER BY created_at DESC LIMIT 1`);
      return new URL(resolveLinkRefs(row.url, env.APP_URL, key)).pathname;
    };
    const status = await path('statusUrl', `recipient = 'bench-applicant@example.org'`);
    const grantee = await path('granteeUrl', `props ? 'granteeUrl'`);
    const [unsubscribe] = (await app.get(UnsubscribeService).linksFor([{ email: 'sponsor@example.org', category: 'updates' }])).values();
    // The demo's open position (the kernel developer posting).
    const { JobsService } = await import('../src/hiring/jobs.service.js');
    const [job] = await app.get(JobsService).list();
    if (!job) throw new Error('the demo data has no open position');
    return { status, grantee, unsubscribe: new URL(unsubscribe).pathname, roleId: job.id };
  } finally {
    await app.close();
  }
}
