import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describeOnPostgres } from '../setup/real-postgres.js';
import { at, importBank, run, shape, webhook, World, world } from './helpers.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * R4 for reconciliation: the app's database connection is killed in the middle of a run (after
 * it created a missing donation and wrote its matches, while it waits to mark a bank line).
 * Nothing of the run may remain, /health must recover and a rerun must give the full result.
 */
describeOnPostgres('R4 reconciliation: the database connection dies mid-run', () => {
  let w: World;
  let admin: pg.Client;
  let blocker: pg.Client;
  beforeAll(async () => {
    w = await world();
    admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    blocker = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await blocker.connect();
  }, 60_000);
  afterAll(async () => {
    await admin.end();
    await blocker.end();
    await w.close();
  });

  it('leaves nothing of the run, recovers, and the rerun gives the same result', async () => {
    const { fake, ds, t } = w;
    const po = fake.payout({ amount: 12345, currency: 'EUR', status: 'paid', created: at('2014-07-01T00:00:00Z'), arrival: at('2014-07-03T00:00:00Z') });
    await webhook(w, 'payout.paid', po);
    const lines = await importBank(w, [
      { date: '2014-07-04', amount: '123,45', counterparty: 'STRIPE', description: 'r4 payout', reference: po.id },
      { date: '2014-07-09', amount: '10,00', counterparty: 'Someone', description: 'r4 deposit' },
    ]);
    // A charge Stripe's balance has (stored by a sync) whose webhook never came.
    const charge = `ch_r4${randomBytes(8).toString('hex')}`;
    await ds.query(
      `INSERT INTO stripe_balance_transactions (id, type, source, amount, fee, net, currency, created) VALUES ($1, 'charge', $2, 2000, 50, 1950, 'EUR', '2014-07-05T12:00:00Z')`,
      [`txn_r4${randomBytes(8).toString('hex')}`, charge],
    );
    const lineId = lines.get('r4 payout')!;

    // Hold the payout's bank line so the run stops right where it marks it matched, then kill the run's connection.
    await blocker.query('BEGIN');
    await blocker.query(`SELECT id FROM bank_lines WHERE id = $1 FOR NO KEY UPDATE`, [lineId]);
    const answer = run(w, '2014-07-01', '2014-07-31').then((r) => r);
    let killed = false;
    for (let tries = 0; tries < 400 && !killed; tries++) {
      const { rows } = await admin.query(
        `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND backend_xid IS NOT NULL
           AND query LIKE '%UPDATE bank_lines%' AND pid NOT IN (pg_backend_pid(), $1)`,
        [(blocker as unknown as { processID: number }).processID],
      );
      if (rows[0]) {
        await admin.query(`SELECT pg_terminate_backend($1)`, [rows[0].pid]);
        killed = true;
      } else await sleep(25);
    }
    await blocker.query('ROLLBACK');
    const res = await answer;
    expect(killed).toBe(true);
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ code: 'reconciliation_database_lost' });

    const [left] = await ds.query(
      `SELECT (SELECT count(*) FROM reconciliation_runs WHERE from_date = '2014-07-01')::int AS runs,
              (SELECT count(*) FROM reconciliation_matches WHERE bank_line_id = ANY($1))::int AS matches,
              (SELECT count(*) FROM bank_lines WHERE id = ANY($1) AND match_state <> 'unmatched')::int AS lines,
              (SELECT count(*) FROM donations WHERE external_id = $2)::int AS donations,
              (SELECT count(*) FROM payouts WHERE external_id = $3 AND reconciled_at IS NOT NULL)::int AS payouts`,
      [[...lines.values()], charge, po.id],
    );
    expect(left).toEqual({ runs: 0, matches: 0, lines: 0, donations: 0, payouts: 0 });

    const started = Date.now();
    let health = 0;
    for (let i = 0; i < 50 && health !== 200; i++) {
      health = (await t.http.get('/health')).status;
      if (health !== 200) await sleep(100);
    }
    expect(health).toBe(200);
    const recoveredMs = Date.now() - started;

    const rerun = await run(w, '2014-07-01', '2014-07-31').expect(201);
    expect(rerun.body).toMatchObject({ matched: 2, suggested: 0, unmatched: 1 });
    expect(shape(rerun.body.items)).toEqual(['missing_webhook charge_source matched', 'stripe_payout payout_reference matched', 'unidentified_deposit no_candidate open']);
    const [donation] = await ds.query(`SELECT amount::int, fee::int, reconciliation_flag FROM donations WHERE external_id = $1`, [charge]);
    expect(donation).toEqual({ amount: 2000, fee: 50, reconciliation_flag: 'missing_webhook' });
    const again = await run(w, '2014-07-01', '2014-07-31').expect(201);
    expect(again.body).toMatchObject({ matched: 0, suggested: 0, unmatched: 1 });
    process.stdout.write(
      `R4 reconciliation: app connection killed mid-run (waiting to mark a bank line); answer 503; 0 runs/matches/donations left; /health up after ${recoveredMs} ms; rerun matched ${rerun.body.matched}, suggested ${rerun.body.suggested}, open ${rerun.body.unmatched} (same as an undisturbed run)\n`,
    );
  }, 120_000);
});
