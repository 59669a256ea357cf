/**
 * B3: reconciliation at scale. 200k Stripe balance transactions, 200k donations, 2k payouts,
 * 3k bank lines with 1 % planted anomalies (1,000 missing webhooks and 1,000 donations Stripe
 * never had among the 200k; 10 payouts whose bank credit is one cent off, 10 that never
 * arrived and 20 unknown deposits among the 3k lines), generated in SQL. The app's run
 * (`POST /api/v1/reconciliation/runs` on the real app in its own process) is timed against
 * bench/baselines/reconciliation-baseline.sql (the same joins by hand, rolled back), on two
 * databases filled identically. Targets: time ≤ 1.5× baseline, app peak RSS ≤ 300 MB, every
 * anomaly found, 0 false matches.
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench -- reconciliation
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import pg from 'pg';
import { freshDatabase, startChild } from './read-api-kit/bench-kit.js';
import { report } from './lib/result.js';

const N = Number(process.env.BENCH_RECON_TRANSACTIONS ?? 200_000);
const PAYOUTS = 2000;

const FILL = [
  `INSERT INTO donations (channel, external_id, amount, fee, currency, received_at, fund_id, balance_transaction)
   SELECT 'stripe', 'ch_b' || i, 1000 + i % 5000, 30 + i % 50, 'EUR', timestamptz '2025-01-01 12:00Z' + (i % 364) * interval '1 day', (SELECT id FROM funds WHERE code = 'general'), 'txn_b' || i
   FROM generate_series(1, ${N}) i WHERE i % 200 <> 0`,
  `INSERT INTO donations (channel, external_id, amount, fee, currency, received_at, fund_id)
   SELECT 'stripe', 'ch_x' || j, 2500, 80, 'EUR', timestamptz '2025-02-01 12:00Z' + (j % 300) * interval '1 day', (SELECT id FROM funds WHERE code = 'general')
   FROM generate_series(1, ${N / 200}) j`,
  `INSERT INTO stripe_balance_transactions (id, type, source, amount, fee, net, currency, created)
   SELECT 'txn_b' || i, 'charge', 'ch_b' || i, 1000 + i % 5000, 30 + i % 50, 970 + i % 5000 - i % 50, 'EUR', timestamptz '2025-01-01 12:00Z' + (i % 364) * interval '1 day'
   FROM generate_series(1, ${N}) i`,
  `INSERT INTO payouts (provider, external_id, amount, currency, arrival_date, status)
   SELECT 'stripe', 'po_b' || lpad(k::text, 6, '0'), 100000 + 7 * k, 'EUR', date '2025-01-03' + k % 350, 'paid' FROM generate_series(1, ${PAYOUTS}) k`,
  `INSERT INTO imports (id, kind, format, filename, sha256, size_bytes, actor_id, actor_email, rows, created)
   VALUES ('00000000-0000-0000-0000-0000000000b3', 'bank', 'bank-csv', 'bench.csv', repeat('b', 64), 0, gen_random_uuid(), 'bench@coffer.test', 3000, 3000)`,
  `INSERT INTO import_rows (import_id, seq, source_key, line, raw, row_hash, status)
   SELECT '00000000-0000-0000-0000-0000000000b3', k, 'bank:bench', k + 1, '[]', encode(sha256(k::text::bytea), 'hex'), 'ok' FROM generate_series(1, 3000) k`,
  // Lines 1..1990 are payout k's credit (1..10 one cent off); 1991..2010 unknown deposits; the rest debits.
  // counterparty_account holds the truth (the payout it belongs to); the matcher never reads it.
  `INSERT INTO bank_lines (import_row_id, account, booked_on, amount, currency, direction, reference, description, counterparty, counterparty_account)
   SELECT r.id, 'bench', CASE WHEN k <= 1990 THEN date '2025-01-03' + k % 350 + k % 4 ELSE date '2025-06-01' + k % 100 END,
          CASE WHEN k <= 10 THEN 100000 + 7 * k + 1 WHEN k <= 1990 THEN 100000 + 7 * k ELSE 777 + k END, 'EUR',
          CASE WHEN k <= 2010 THEN 'credit' ELSE 'debit' END,
          CASE WHEN k <= 1990 AND k % 2 = 0 THEN 'PAYOUT po_b' || lpad(k::text, 6, '0') END, 'transfer',
          CASE WHEN k <= 1990 THEN 'STRIPE PAYMENTS EUROPE' ELSE 'Somebody ' || k END,
          CASE WHEN k <= 1990 THEN 'po_b' || lpad(k::text, 6, '0') END
   FROM import_rows r, LATERAL (SELECT r.seq AS k) s WHERE r.import_id = '00000000-0000-0000-0000-0000000000b3'`,
  `ANALYZE`,
];

export async function fill(url: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query('BEGIN');
    for (const sql of FILL) await c.query(sql);
    await c.query('COMMIT');
  } finally {
    await c.end();
  }
}

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)![1]) / 1024;
}

/**
 * Each timed part starts right after a checkpoint. The fill and the baseline write ~1 GB of WAL
 * between them, so without one PostgreSQL began a WAL-triggered checkpoint in the middle of
 * whichever part came second (the app's, in both rounds on 1 December: "checkpoint starting:
 * wal" in the server log), and from then on every page it touched first went to the WAL whole.
 * Started from a checkpoint, both parts pay for their own full-page images and neither for the
 * other's. What each part wrote is reported beside its time: WAL bytes from the insert position
 * (cluster-wide, so quote them from a quiet machine), full-page images and checkpoints begun from
 * the statistics, read a second later because a backend reports them only when it goes idle.
 */
async function walFromCheckpoint(c: pg.Client) {
  const read = async () => {
    await c.query('SELECT pg_stat_clear_snapshot()');
    return (
      await c.query<{ lsn: string; fpi: string; checkpoints: string }>(
        `SELECT pg_current_wal_insert_lsn()::text AS lsn, wal_fpi::text AS fpi, (checkpoints_req + checkpoints_timed)::text AS checkpoints FROM pg_stat_wal, pg_stat_bgwriter`,
      )
    ).rows[0];
  };
  await c.query('CHECKPOINT');
  const before = await read();
  return {
    /** Call right when the timed part ends; resolves after the statistics have caught up. */
    async written() {
      const [{ bytes }] = (await c.query<{ bytes: string }>(`SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), $1)::text AS bytes`, [before.lsn])).rows;
      await new Promise((r) => setTimeout(r, 1100));
      const after = await read();
      return {
        mb: Math.round(Number(bytes) / 1e5) / 10,
        fullPages: Number(after.fpi) - Number(before.fpi),
        checkpoints: Number(after.checkpoints) - Number(before.checkpoints),
      };
    },
  };
}

/** One round on two fresh, identically filled databases: the baseline script, then the app's run. */
async function round() {
  const appDb = await freshDatabase();
  const baseDb = await freshDatabase();
  try {
    const t0 = Date.now();
    await fill(appDb.url);
    await fill(baseDb.url);
    console.log(`filled two databases in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    const base = new pg.Client({ connectionString: baseDb.url });
    await base.connect();
    const sql = readFileSync(resolve('bench/baselines/reconciliation-baseline.sql'), 'utf8');
    const baseWal = await walFromCheckpoint(base);
    const b0 = process.hrtime.bigint();
    await base.query('BEGIN');
    const results = (await base.query(sql)) as unknown as pg.QueryResult[];
    const baselineSeconds = Number(process.hrtime.bigint() - b0) / 1e9;
    await base.query('ROLLBACK');
    const baselineWal = await baseWal.written();
    await base.end();
    const baselineCounts = results[results.length - 1].rows;

    const env = {
      DATABASE_URL: appDb.url,
      MIGRATIONS_RUN: 'false',
      LOG_LEVEL: 'silent',
      NODE_ENV: 'production',
      JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
      ADMIN_EMAIL: 'bench@coffer.test',
      ADMIN_PASSWORD: 'bench-password-123456',
      DATABASE_POOL_MAX: '10',
    };
    const server = await startChild('read-api-kit/app-server.js', env);
    const rssBefore = peakRssMb(server.process.pid!);
    const watcher = new pg.Client({ connectionString: appDb.url });
    await watcher.connect();
    const runWal = await walFromCheckpoint(watcher);
    const a0 = process.hrtime.bigint();
    const res = await fetch(`http://127.0.0.1:${server.port}/api/v1/reconciliation/runs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${server.info.token}` },
      body: JSON.stringify({ from: '2025-01-01', to: '2025-12-31' }),
    });
    const appSeconds = Number(process.hrtime.bigint() - a0) / 1e9;
    const appWal = await runWal.written();
    await watcher.end();
    const body = (await res.json()) as {
      id: string;
      matched: number;
      suggested: number;
      unmatched: number;
      byRule: { kind: string; rule: string; state: string; count: number }[];
    };
    const rss = peakRssMb(server.process.pid!);
    await server.stop();
    if (res.status !== 201) throw new Error(`run answered ${res.status}: ${JSON.stringify(body)}`);

    const c = new pg.Client({ connectionString: appDb.url });
    await c.connect();
    const [truth] = (
      await c.query(
        `SELECT
           (SELECT count(*) FROM reconciliation_matches r JOIN bank_lines b ON b.id = r.bank_line_id JOIN payouts p ON p.id = r.payout_id
             WHERE r.run_id = $1 AND r.state = 'matched' AND b.counterparty_account IS DISTINCT FROM p.external_id)::int AS false_matches,
           (SELECT count(*) FROM reconciliation_matches r JOIN donations d ON d.id = r.donation_id WHERE r.run_id = $1 AND r.kind = 'missing_webhook' AND d.external_id LIKE 'ch_b%')::int AS missing_webhooks,
           (SELECT count(*) FROM reconciliation_matches r JOIN donations d ON d.id = r.donation_id WHERE r.run_id = $1 AND r.kind = 'donation_not_in_stripe' AND d.external_id LIKE 'ch_x%')::int AS not_in_stripe,
           (SELECT count(*) FROM reconciliation_matches r JOIN payouts p ON p.id = r.payout_id WHERE r.run_id = $1 AND r.kind = 'payout_not_in_bank'
             AND (p.external_id <= 'po_b000010' OR p.external_id > 'po_b001990'))::int AS payouts_missing,
           (SELECT count(*) FROM reconciliation_matches r JOIN bank_lines b ON b.id = r.bank_line_id WHERE r.run_id = $1 AND r.kind = 'unidentified_deposit')::int AS deposits,
           (SELECT count(*) FROM reconciliation_matches r WHERE r.run_id = $1 AND r.kind = 'stripe_payout' AND r.state = 'matched')::int AS payouts_matched,
           (SELECT count(*) FROM journal_entries WHERE kind = 'donation')::int AS entries`,
        [body.id],
      )
    ).rows;
    await c.end();
    console.log(
      `round: app ${appSeconds.toFixed(2)} s, baseline ${baselineSeconds.toFixed(2)} s, peak RSS ${rss.toFixed(0)} MB; ` +
        `WAL app ${appWal.mb} MB (${appWal.fullPages} full pages, ${appWal.checkpoints} checkpoints begun), ` +
        `baseline ${baselineWal.mb} MB (${baselineWal.fullPages} full pages, ${baselineWal.checkpoints} checkpoints begun)`,
    );
    return { appSeconds, baselineSeconds, rss, rssBefore, truth, body, baselineCounts, appWal, baselineWal };
  } finally {
    await appDb.drop();
    await baseDb.drop();
  }
}

export default async function main(): Promise<void> {
  const rounds = [];
  for (let i = 0; i < Number(process.env.BENCH_ROUNDS ?? 2); i++) rounds.push(await round());
  const appSeconds = rounds.reduce((a, r) => a + r.appSeconds, 0);
  const baselineSeconds = rounds.reduce((a, r) => a + r.baselineSeconds, 0);
  const rss = Math.max(...rounds.map((r) => r.rss));
  const planted = { missing_webhooks: N / 200, not_in_stripe: N / 200, payouts_missing: 20, deposits: 30 };
  const plantedTotal = Object.values(planted).reduce((a, b) => a + b, 0);
  const worst = rounds.map((r) => ({
    found: r.truth.missing_webhooks + r.truth.not_in_stripe + r.truth.payouts_missing + r.truth.deposits,
    falseMatches: r.truth.false_matches as number,
  }));
  const found = Math.min(...worst.map((w) => w.found));
  const falseMatches = Math.max(...worst.map((w) => w.falseMatches));
  const ratio = appSeconds / baselineSeconds;
  report(
    'reconciliation',
    [
      { name: `run time (sum of ${rounds.length} rounds)`, value: appSeconds, unit: 's', baseline: baselineSeconds, ratio, target: '≤ 1.5× baseline', met: ratio <= 1.5 },
      { name: 'app peak RSS', value: rss, unit: 'MB', target: '≤ 300 MB', met: rss <= 300 },
      { name: 'anomalies found', value: (100 * found) / plantedTotal, unit: '%', target: '100 %', met: found === plantedTotal },
      { name: 'false matches', value: falseMatches, unit: '', target: '0', met: falseMatches === 0 },
    ],
    {
      sizes: { balanceTransactions: N, donations: N, payouts: PAYOUTS, bankLines: 3000 },
      planted,
      rounds: rounds.map((r) => ({
        appSeconds: r.appSeconds,
        baselineSeconds: r.baselineSeconds,
        rssMb: r.rss,
        rssBeforeRunMb: r.rssBefore,
        walMb: { app: r.appWal.mb, baseline: r.baselineWal.mb },
        walFullPages: { app: r.appWal.fullPages, baseline: r.baselineWal.fullPages },
        checkpointsBegun: { app: r.appWal.checkpoints, baseline: r.baselineWal.checkpoints },
        truth: r.truth,
        totals: { matched: r.body.matched, suggested: r.body.suggested, unmatched: r.body.unmatched },
        byRule: r.body.byRule,
        baselineCounts: r.baselineCounts,
      })),
    },
  );
}
