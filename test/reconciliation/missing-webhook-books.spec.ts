import { randomBytes } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { DonationsService } from '../../src/donations/donations.service.js';
import { FundsService } from '../../src/funds/funds.service.js';
import { run, World, world } from './helpers.js';

interface Bt {
  id: string;
  source: string;
  amount: number;
  fee: number;
  currency: string;
  created: string;
}

/** One donation's books, compared whole. */
interface BookRow {
  external_id: string;
  currency: string;
  postings: { rate: string }[];
  [column: string]: unknown;
}

/**
 * A run books the charges whose webhook never came in one statement (BOOK_MISSING_DONATIONS).
 * Its books must be exactly those DonationsService.record writes for the same charge, as the
 * run did one by one before: the donation, its entry and its postings (zero postings left out,
 * the fee capped at the amount, the rate of a foreign currency from exchange_rates), entries
 * and postings numbered in the charges' order. record's books are taken in a transaction that
 * is rolled back, then the run books the same charges for real. May 2022 and ZAR: no other
 * test uses them.
 */
describe('reconciliation: missing webhooks get the books record() gives them', () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  }, 60_000);
  afterAll(() => w.close());

  const tag = randomBytes(6).toString('hex');
  const bts: Bt[] = [
    { id: `txn_mw${tag}4`, source: `ch_mw${tag}4`, amount: 900, fee: 0, currency: 'EUR', created: '2022-05-03T08:00:00Z' }, // no fee posting
    { id: `txn_mw${tag}1`, source: `ch_mw${tag}1`, amount: 2500, fee: 80, currency: 'EUR', created: '2022-05-02T10:00:00Z' },
    { id: `txn_mw${tag}3`, source: `ch_mw${tag}3`, amount: 40, fee: 55, currency: 'EUR', created: '2022-05-02T23:59:59Z' }, // fee capped: no holding posting
    { id: `txn_mw${tag}2`, source: `ch_mw${tag}2`, amount: 10000, fee: 310, currency: 'ZAR', created: '2022-05-02T10:00:00Z' }, // same instant: by id
  ];

  /** The books of these charges' donations in entry order; postings numbered in the same order (first posting's id as a rank). */
  async function books(m: EntityManager, sources: string[]): Promise<BookRow[]> {
    const rows: (BookRow & { first_posting: string })[] = await m.query(
      `SELECT d.external_id, d.amount::text, d.fee::text, d.fee_pending, d.currency, d.received_at, d.sponsor_id, d.fund_id, d.recurring, d.subscription_id,
              d.reference, d.note, d.anonymous, d.payment_intent, d.balance_transaction, d.created_by, d.crypto_asset, d.status, d.refunded_amount::text,
              e.key = 'donation:' || d.id AS keyed, e.kind, to_char(e.effective_date, 'YYYY-MM-DD') AS effective_date, e.description, e.reverses, e.posted_by,
              rank() OVER (ORDER BY e.seq) AS entry_order,
              (SELECT json_agg(json_build_object('account', p.account, 'fund', p.fund_id, 'currency', p.currency, 'amount', p.amount::text, 'rate', p.rate::text) ORDER BY p.id)
               FROM postings p WHERE p.entry_id = e.id) AS postings,
              (SELECT min(p.id)::text FROM postings p WHERE p.entry_id = e.id) AS first_posting
       FROM donations d JOIN journal_entries e ON e.donation_id = d.id
       WHERE d.external_id = ANY($1) ORDER BY e.seq`,
      [sources],
    );
    const byPosting = rows.map((r) => BigInt(r.first_posting)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return rows.map(({ first_posting, ...row }) => ({ ...row, posting_order: byPosting.indexOf(BigInt(first_posting)) }));
  }

  it('writes the same donations, entries and postings, in the same order', async () => {
    const { ds, t } = w;
    await ds.query(`INSERT INTO exchange_rates (currency, base, as_of, rate) VALUES ('ZAR', 'EUR', '2022-04-28', 0.105), ('ZAR', 'EUR', '2022-05-09', 0.2)`);
    const sources = bts.map((bt) => bt.source);
    const inOrder = [...bts].sort((a, b) => a.created.localeCompare(b.created) || a.id.localeCompare(b.id));

    // What record() books, charge by charge in the run's order (rolled back).
    const donations = t.app.get(DonationsService);
    const funds = t.app.get(FundsService);
    const rollback = new Error('rollback');
    let expected: unknown[] = [];
    await ds
      .transaction(async (m) => {
        const fundId = await funds.idFor(m, 'general', { requireActive: false });
        for (const bt of inOrder) {
          const fee = BigInt(bt.fee) > BigInt(bt.amount) ? BigInt(bt.amount) : BigInt(bt.fee);
          const { id } = await donations.record(m, {
            channel: 'stripe',
            externalId: bt.source,
            amount: BigInt(bt.amount),
            fee,
            currency: bt.currency,
            receivedAt: new Date(bt.created),
            fundId,
            balanceTransaction: bt.id,
          });
          await m.query(`UPDATE donations SET reconciliation_flag = 'missing_webhook' WHERE id = $1`, [id]);
        }
        expected = await books(m, sources);
        throw rollback;
      })
      .catch((error) => {
        if (error !== rollback) throw error;
      });
    expect(expected).toHaveLength(4);

    for (const bt of bts) {
      await ds.query(`INSERT INTO stripe_balance_transactions (id, type, source, amount, fee, net, currency, created) VALUES ($1, 'charge', $2, $3, $4, $5, $6, $7)`, [
        bt.id,
        bt.source,
        bt.amount,
        bt.fee,
        bt.amount - bt.fee,
        bt.currency,
        bt.created,
      ]);
    }
    const res = await run(w, '2022-05-01', '2022-05-31').expect(201);
    expect(res.body.byRule).toEqual(expect.arrayContaining([{ kind: 'missing_webhook', rule: 'charge_source', state: 'matched', count: 4 }]));

    const booked = await books(ds.manager, sources);
    expect(booked).toEqual(expected);
    expect(booked.map((b) => b.external_id)).toEqual(inOrder.map((bt) => bt.source));
    const [flags] = await ds.query(`SELECT count(*)::int AS n FROM donations WHERE external_id = ANY($1) AND reconciliation_flag = 'missing_webhook'`, [sources]);
    expect(flags.n).toBe(4);
    // The shapes the cases above stand for: ZAR at the rate in force that day, zero postings left out.
    const zar = booked.find((b) => b.currency === 'ZAR');
    expect(zar!.postings.map((p) => p.rate)).toEqual(['0.105000000000', '0.105000000000', '0.105000000000']);
    expect(booked.map((b) => b.postings.length)).toEqual([3, 3, 2, 2]);
  }, 60_000);
});
