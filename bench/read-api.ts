/**
 * B1 read API: autocannon, 10 s, 50 connections, GET /api/v1/donations?limit=50 with a bearer
 * token, 100k donations, against a bare Fastify + pg server answering the same SQL with the
 * same JSON. Target: throughput ≥ 0.8 × baseline, p99 ≤ 3 × p50.
 *
 *   npx tsc -p tsconfig.json && BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node dist/bench/read-api.js
 */
import 'reflect-metadata';
import pg from 'pg';
import { ratioText } from './lib/load-guard.js';
import { donationFilter } from '../src/donations/donations.service.js';
import { DONATION_COLUMNS } from '../src/donations/donation.view.js';
import { freshDatabase, load, LoadResult, startChild, writeResult } from './read-api-kit/bench-kit.js';

const DONATIONS = Number(process.env.BENCH_DONATIONS ?? 100_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ONLY_SEED = process.env.BENCH_ONLY_SEED === '1';
const CONNECTIONS = 50;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);

const db = await freshDatabase();
try {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  // Seeded in SQL for speed: 2,000 sponsors and 100k donations over two years, several channels,
  // currencies and funds. (The read path does not touch the ledger, so no entries are needed.)
  await client.query(
    `INSERT INTO sponsors (name, email, locale) SELECT 'Sponsor ' || i, 'sponsor' || i || '@bench.test', CASE WHEN i % 5 = 0 THEN 'de' ELSE 'en' END FROM generate_series(1, 2000) i`,
  );
  await client.query(`
    INSERT INTO donations (channel, external_id, amount, fee, currency, received_at, sponsor_id, fund_id, recurring, status, reference)
    SELECT (ARRAY['stripe','patreon','merch','bank','crypto','other'])[1 + i % 6], 'bench-' || i, 500 + (i * 37) % 20000, (i * 7) % 300,
           (ARRAY['EUR','USD','JPY','BHD'])[1 + i % 4], now() - make_interval(mins => i * 10),
           (SELECT id FROM sponsors ORDER BY id OFFSET (i % 2000) LIMIT 1), (SELECT id FROM funds WHERE code = CASE WHEN i % 3 = 0 THEN 'rsoc' ELSE 'general' END),
           i % 4 = 0, 'succeeded', 'ref ' || i
    FROM generate_series(1, ${DONATIONS}) i`);
  // As autovacuum would leave a live table: statistics and the visibility map (index-only counts).
  await client.query('VACUUM ANALYZE');
  const plans = await explainPlans(client);
  await client.end();

  if (ONLY_SEED) throw Object.assign(new Error('seeded only'), { seeded: true });
  const env = {
    DATABASE_URL: db.url,
    MIGRATIONS_RUN: 'false',
    LOG_LEVEL: 'silent',
    NODE_ENV: 'production',
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
    ADMIN_EMAIL: 'bench@coffer.test',
    ADMIN_PASSWORD: 'bench-password-123456',
    DATABASE_POOL_MAX: '10',
  };
  const path = '/api/v1/donations?limit=50';

  // Rounds alternate baseline and app, so load from anything else on the machine hits both alike.
  const rounds: { baseline: LoadResult; app: LoadResult }[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const baselineServer = await startChild('baselines/read-api-baseline.js', env);
    await load(`http://127.0.0.1:${baselineServer.port}${path}`, {}, 2, CONNECTIONS);
    const baselineRun = await load(`http://127.0.0.1:${baselineServer.port}${path}`, {}, SECONDS, CONNECTIONS);
    await baselineServer.stop();

    const appServer = await startChild('read-api-kit/app-server.js', env);
    const auth = { authorization: `Bearer ${appServer.info.token}` };
    const check = await fetch(`http://127.0.0.1:${appServer.port}${path}`, { headers: auth });
    const sample = (await check.json()) as { items: unknown[]; total: number; totalIsEstimate: boolean; next: string | null };
    if (check.status !== 200 || sample.items.length !== 50 || sample.total !== DONATIONS)
      throw new Error(`app answered ${check.status} with ${sample.items?.length} items of ${sample.total}`);
    // The first answer counts exactly; the next ones reuse it for 30 s (totalIsEstimate: true).
    const again = (await (await fetch(`http://127.0.0.1:${appServer.port}${path}`, { headers: auth })).json()) as { total: number; totalIsEstimate: boolean };
    console.log(
      `app: total ${sample.total} (estimate: ${sample.totalIsEstimate}), then ${again.total} (estimate: ${again.totalIsEstimate}); next cursor ${sample.next ? 'given' : 'missing'}`,
    );
    await load(`http://127.0.0.1:${appServer.port}${path}`, auth, 2, CONNECTIONS);
    const appRun = await load(`http://127.0.0.1:${appServer.port}${path}`, auth, SECONDS, CONNECTIONS);
    await appServer.stop();
    rounds.push({ baseline: baselineRun, app: appRun });
    console.log(`round ${round + 1}: app ${appRun.requestsPerSecond.toFixed(0)} req/s, baseline ${baselineRun.requestsPerSecond.toFixed(0)} req/s`);
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const combine = (runs: LoadResult[]): LoadResult => ({
    requestsPerSecond: Number(mean(runs.map((r) => r.requestsPerSecond)).toFixed(1)),
    latencyMs: {
      p50: mean(runs.map((r) => r.latencyMs.p50)),
      p90: mean(runs.map((r) => r.latencyMs.p90)),
      p99: mean(runs.map((r) => r.latencyMs.p99)),
      max: Math.max(...runs.map((r) => r.latencyMs.max)),
    },
    requests: runs.reduce((a, r) => a + r.requests, 0),
    non2xx: runs.reduce((a, r) => a + r.non2xx, 0),
    errors: runs.reduce((a, r) => a + r.errors, 0),
  });
  const app = combine(rounds.map((r) => r.app));
  const baseline = combine(rounds.map((r) => r.baseline));

  const ratio = app.requestsPerSecond / baseline.requestsPerSecond;
  const tail = app.latencyMs.p99 / Math.max(app.latencyMs.p50, 1);
  const file = writeResult('read-api', {
    benchmark: 'B1 read API',
    plans,
    setup: { donations: DONATIONS, seconds: SECONDS, connections: CONNECTIONS, rounds: ROUNDS, path, auth: 'bearer token (app only)' },
    rounds,
    app,
    baseline,
    ratio: Number(ratio.toFixed(3)),
    p99OverP50: Number(tail.toFixed(2)),
    targets: { ratio: 0.8, p99OverP50: 3 },
    pass: ratio >= 0.8 && tail <= 3 && app.non2xx === 0,
  });
  console.log(
    `B1 read API: app ${app.requestsPerSecond.toFixed(0)} req/s (p50 ${app.latencyMs.p50} ms, p99 ${app.latencyMs.p99} ms) vs baseline ${baseline.requestsPerSecond.toFixed(0)} req/s → ratio ${ratioText(ratio)}, p99/p50 ${tail.toFixed(2)}; ${file}`,
  );
} finally {
  if (process.env.BENCH_KEEP_DB) console.log(`kept ${db.url}`);
  else await db.drop();
}

/**
 * EXPLAIN ANALYZE of what each side runs per request (baseline: exact count + OFFSET page; app:
 * the page, the bounded count behind a total, and a page per list filter), printed and kept in
 * the result file.
 */
async function explainPlans(client: pg.Client): Promise<Record<string, string[]>> {
  const page = (where: string, from: number) => `SELECT ${DONATION_COLUMNS}, d.received_at::text AS "cursorAt" FROM donations d WHERE ${where}
    ORDER BY d.received_at DESC, d.id DESC OFFSET $${from} LIMIT $${from + 1}`;
  const [{ sponsor }] = (await client.query(`SELECT sponsor_id AS sponsor FROM donations LIMIT 1`)).rows;
  const filters: Record<string, Record<string, unknown>> = {
    none: {},
    channel: { channel: 'bank' },
    status: { status: 'succeeded' },
    fund: { fund: 'rsoc' },
    sponsorId: { sponsorId: sponsor },
    from_to: { from: '2026-01-01', to: '2026-03-31' },
    reconciled: { reconciled: false },
  };
  const queries: Record<string, { sql: string; params: unknown[] }> = {
    'baseline: count(*)': { sql: `SELECT count(*)::int AS total FROM donations d WHERE true`, params: [] },
    'baseline: page 1': { sql: page('true', 1).replace(`, d.received_at::text AS "cursorAt"`, ''), params: [0, 50] },
    'app: bounded count (exact up to 10,000)': { sql: `SELECT count(*)::int AS n FROM (SELECT 1 FROM donations d WHERE true LIMIT 10001) x`, params: [] },
  };
  for (const [name, filter] of Object.entries(filters)) {
    const { where, params } = donationFilter(filter);
    queries[`app: page 1, filter ${name}`] = { sql: page(where, params.length + 1), params: [...params, 0, 50] };
  }
  const plans: Record<string, string[]> = {};
  for (const [name, q] of Object.entries(queries)) {
    const { rows } = await client.query(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${q.sql}`, q.params);
    plans[name] = rows.map((r: Record<string, string>) => r['QUERY PLAN']);
    console.log(`\nEXPLAIN ANALYZE ${name}\n  ${plans[name].join('\n  ')}`);
  }
  return plans;
}
