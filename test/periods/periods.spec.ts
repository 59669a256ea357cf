import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { importBank, World, world } from '../reconciliation/helpers.js';

/** Month close on its own: what it refuses, what an open month shows, what the database guards. */
describe('periods: month close', () => {
  let w: World;
  let ds: DataSource;
  beforeAll(async () => {
    w = await world();
    ds = w.ds;
  }, 60_000);
  afterAll(() => w.close());

  it.each([
    ['2013-13', 400],
    ['2013-1', 400],
    ['march', 400],
    ['2013-00', 400],
  ])('closing "%s" is a %i', async (month, status) => {
    const res = await w.t.http.post(`/api/v1/periods/${month}/close`).set(w.auth).expect(status);
    expect(res.body.message).toMatch(/YYYY-MM/);
  });

  it('refuses a month that is not over, and the board may read but not close', async () => {
    const now = new Date().toISOString().slice(0, 7);
    const res = await w.t.http.post(`/api/v1/periods/${now}/close`).set(w.auth).expect(409);
    expect(res.body.code).toBe('period_not_over');
    const board = (await w.t.userWith('board')).auth;
    await w.t.http.post('/api/v1/periods/2013-01/close').set(board).expect(403);
    await w.t.http.get('/api/v1/periods/2013-01').set(board).expect(200);
  });

  it('shows an open month with its open items and live statement, then closes it once classified', async () => {
    const { t, auth } = w;
    const lines = await importBank(w, [
      { date: '2013-04-10', amount: '30,00', counterparty: 'Max', description: `gift ${randomUUID()}` },
      { date: '2013-04-11', amount: '-5,00', counterparty: 'Bank', description: 'account fee' },
    ]);
    const open = await t.http.get('/api/v1/periods/2013-04').set(auth).expect(200);
    expect(open.body).toMatchObject({ month: '2013-04', state: 'open' });
    expect(open.body.openItems.map((i: { kind: string; amount: number; direction: string }) => `${i.kind} ${i.direction} ${i.amount}`).sort()).toEqual([
      'unmatched_bank_line credit 3000',
      'unmatched_bank_line debit 500',
    ]);
    const [gift, fee] = [...lines.entries()].sort((a, b) => (a[0] < b[0] ? 1 : -1)).map(([, id]) => id);
    await t.http.post(`/api/v1/bank-lines/${gift}/classify`).set(auth).send({ as: 'donation', note: 'Max, by phone' }).expect(201);
    await t.http.post(`/api/v1/bank-lines/${fee}/classify`).set(auth).send({ as: 'not_donation', note: 'bank account fee' }).expect(201);
    const closed = await t.http.post('/api/v1/periods/2013-04/close').set(auth).expect(200);
    expect(closed.body.statement).toEqual([
      { account: 'assets:bank', fund: 'general', currency: 'EUR', opening: 0, donations: 3000, fees: 0, refunds: 0, payouts: 0, other: 0, closing: 3000 },
      { account: 'income:donations:bank', fund: 'general', currency: 'EUR', opening: 0, donations: -3000, fees: 0, refunds: 0, payouts: 0, other: 0, closing: -3000 },
    ]);
    const [audit] = await ds.query(`SELECT action FROM audit_log WHERE entity = 'period' AND entity_id = '2013-04'`);
    expect(audit.action).toBe('period.close');
    // A closed month and its statement cannot be changed or removed, not even in SQL.
    await expect(ds.query(`DELETE FROM periods WHERE month = '2013-04-01'`)).rejects.toThrow();
    await expect(ds.query(`UPDATE period_statements SET closing = 0 WHERE month = '2013-04-01'`)).rejects.toThrow();
  });

  it('in the database: entries dated in a closed month are refused, corrections move to today', async () => {
    await w.t.http.post('/api/v1/periods/2013-02/close').set(w.auth).expect(200);
    const runner = ds.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      const [fund] = await runner.query(`SELECT id FROM funds WHERE code = 'general'`);
      await expect(runner.query(`INSERT INTO journal_entries (kind, effective_date, description) VALUES ('donation', '2013-02-14', 'late')`)).rejects.toThrow(
        /month 2013-02 is closed/,
      );
      await runner.rollbackTransaction();
      await runner.startTransaction();
      const [entry] = await runner.query(
        `INSERT INTO journal_entries (kind, effective_date, description) VALUES ('donation.refund', '2013-02-14', 'refund of an old donation') RETURNING to_char(effective_date, 'YYYY-MM-DD') AS date, id`,
      );
      expect(entry.date).toBe(new Date().toISOString().slice(0, 10));
      await runner.query(
        `INSERT INTO postings (entry_id, account, fund_id, currency, amount) VALUES ($1, 'income:donations:bank', $2, 'EUR', 100), ($1, 'assets:bank', $2, 'EUR', -100)`,
        [entry.id, fund.id],
      );
      await runner.rollbackTransaction();
    } finally {
      await runner.release();
    }
  });

  it('a charge Stripe has in a closed month is listed for a person, never booked into it', async () => {
    await w.t.http.post('/api/v1/periods/2012-06/close').set(w.auth).expect(200);
    const charge = `ch_closed${randomUUID().slice(0, 8)}`;
    const txn = `txn_closed${randomUUID().slice(0, 8)}`;
    await ds.query(
      `INSERT INTO stripe_balance_transactions (id, type, source, amount, fee, net, currency, created) VALUES ($1, 'charge', $2, 1500, 40, 1460, 'EUR', '2012-06-10T10:00:00Z')`,
      [txn, charge],
    );
    const res = await w.t.http.post('/api/v1/reconciliation/runs').set(w.auth).send({ from: '2012-06-01', to: '2012-06-30' }).expect(201);
    expect(res.body.items).toEqual([expect.objectContaining({ kind: 'missing_webhook', rule: 'closed_month', state: 'open', balanceTransactionId: txn, amount: 1500 })]);
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM donations WHERE external_id = $1`, [charge]);
    expect(n).toBe(0);
  });
});
