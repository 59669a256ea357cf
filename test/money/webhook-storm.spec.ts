import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { FundsService } from '../../src/funds/funds.service.js';
import { SYSTEM_ACTOR } from '../../src/users/role.js';
import { StripeFake } from '../fakes/stripe-fake.js';
import { buildStorm, deliver } from '../fakes/stripe-storm.js';
import { createTestApp, TestApp } from '../setup/test-app.js';

const SECRET = 'whsec_r1_storm_secret';

/** Balances of the postings that belong to these charges and payouts, `account|fund|currency` → amount. */
export async function ledgerOf(ds: DataSource, chargeIds: string[], payoutIds: string[]): Promise<Map<string, bigint>> {
  const rows: { account: string; fund: string; currency: string; amount: string }[] = await ds.query(
    `SELECT p.account, f.code AS fund, p.currency, sum(p.amount)::text AS amount
     FROM postings p JOIN journal_entries e ON e.id = p.entry_id JOIN funds f ON f.id = p.fund_id
     WHERE e.donation_id IN (SELECT id FROM donations WHERE channel = 'stripe' AND external_id = ANY($1))
        OR e.key = ANY($2)
     GROUP BY 1, 2, 3 HAVING sum(p.amount) <> 0`,
    [chargeIds, payoutIds.flatMap((id) => [`payout:${id}:paid`, `payout:${id}:failed`])],
  );
  return new Map(rows.map((r) => [`${r.account}|${r.fund}|${r.currency}`, BigInt(r.amount)]));
}

describe('R1 webhook storm', () => {
  let t: TestApp;
  let fake: StripeFake;
  let url: string;
  beforeAll(async () => {
    fake = await StripeFake.start();
    t = await createTestApp({ STRIPE_WEBHOOK_SECRET: SECRET, STRIPE_SECRET_KEY: 'sk_test_storm', STRIPE_API_BASE: fake.url });
    url = `${t.url}/api/v1/webhooks/stripe`;
  });
  afterAll(async () => {
    await t.close();
    await fake.stop();
  });

  // Charges as Stripe sends them (the fee is fetched: ChargeHandler), and with the balance
  // transaction expanded, which stripe_book_charge books in one call (falling back to
  // ChargeHandler for checkout and invoice payments and for disputes waiting on the charge).
  it.each([
    { path: 'fees fetched', expand: false, seed: 1 },
    { path: 'one call per charge', expand: true, seed: 3 },
  ])(
    'applies 2,000 deliveries (30 % duplicates, any order, 16 at once) exactly once each ($path)',
    async ({ path, expand, seed }) => {
      const fund = `r1-${randomUUID().slice(0, 8)}`;
      await t.app.get(FundsService).create({ code: fund, name: 'R1 storm fund' }, SYSTEM_ACTOR);
      const storm = buildStorm(fake, { deliveries: 2000, duplicateRatio: 0.3, fund, seed });
      if (expand) {
        for (const e of storm.deliveries) {
          const o = e.data.object;
          if (e.type.startsWith('charge.') && !e.type.startsWith('charge.dispute') && typeof o.balance_transaction === 'string') {
            o.balance_transaction = fake.objects.get(o.balance_transaction);
          }
        }
      }
      expect(storm.deliveries).toHaveLength(2000);
      expect(storm.refundBeforeCharge).toBeGreaterThan(0);
      expect(storm.payoutBeforeCharges).toBe(true);

      const statuses = await deliver(url, SECRET, storm.deliveries, 16);
      const non2xx = statuses.filter((s) => s < 200 || s > 299);
      expect(non2xx).toEqual([]);

      const ds = t.app.get(DataSource);
      const [{ donations, doubled, waiting }] = await ds.query(
        `SELECT (SELECT count(*)::int FROM donations WHERE channel = 'stripe' AND external_id = ANY($1)) AS donations,
              (SELECT count(*)::int FROM (SELECT donation_id FROM journal_entries WHERE kind = 'donation' AND donation_id IN
                 (SELECT id FROM donations WHERE channel = 'stripe' AND external_id = ANY($1)) GROUP BY donation_id HAVING count(*) > 1) x) AS doubled,
              (SELECT count(*)::int FROM stripe_events WHERE outcome = 'waiting' AND id = ANY($2)) AS waiting`,
        [storm.chargeIds, storm.deliveries.map((e) => e.id)],
      );
      expect(donations).toBe(storm.chargeIds.length);
      expect(doubled).toBe(0);
      expect(waiting).toBe(0);
      const actual = await ledgerOf(ds, storm.chargeIds, storm.payoutIds);
      expect(Object.fromEntries([...actual].map(([k, v]) => [k, v.toString()]))).toEqual(Object.fromEntries([...storm.expected].map(([k, v]) => [k, v.toString()])));
      const [{ unbalanced }] = await ds.query(`SELECT count(*)::int AS unbalanced FROM (SELECT 1 FROM postings GROUP BY entry_id, currency HAVING sum(amount) <> 0) x`);
      expect(unbalanced).toBe(0);
      const receipts = await ds.query(
        `SELECT d.id, (SELECT count(*)::int FROM email_outbox o WHERE o.dedupe_key = 'receipt:' || d.id) AS n
       FROM donations d WHERE d.channel = 'stripe' AND d.external_id = ANY($1)`,
        [storm.chargeIds],
      );
      expect(receipts.filter((r: { n: number }) => r.n !== 1)).toEqual([]);
      process.stdout.write(
        `\nR1 webhook storm (${path}): ${storm.deliveries.length} events, ${storm.duplicates} duplicates, ${doubled} double postings, ` +
          `${storm.refundBeforeCharge} refunds before their charge, ledger ${unbalanced === 0 ? 'balanced' : 'UNBALANCED'} and equal to the expected one (${storm.expected.size} balances)\n`,
      );
    },
    180_000,
  );
});
