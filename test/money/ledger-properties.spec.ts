import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { AuditService } from '../../src/audit/audit.service.js';
import { DonationAdjustmentsService } from '../../src/donations/donation-adjustments.service.js';
import { DonationsService } from '../../src/donations/donations.service.js';
import { TransactionService } from '../../src/database/transaction.service.js';
import { FundsService } from '../../src/funds/funds.service.js';
import { LedgerCheckService } from '../../src/ledger/ledger-check.service.js';
import { StripeWebhookService } from '../../src/stripe/stripe-webhook.service.js';
import { SYSTEM_ACTOR } from '../../src/users/role.js';
import { StripeFake } from '../fakes/stripe-fake.js';
import { hledgerAgrees } from '../setup/hledger.js';
import { createTestApp, TestApp } from '../setup/test-app.js';

type Op =
  | { kind: 'manual'; channel: 'bank' | 'crypto' | 'other'; amount: number; fee: number; currency: string; fund: number }
  | { kind: 'charge'; amount: number; fee: number; currency: string; fund: number }
  | { kind: 'refund'; target: number; amount: number }
  | { kind: 'dispute'; target: number; outcome: 'open' | 'won' | 'lost'; fee: number }
  | { kind: 'payout'; amount: number; currency: string; end: 'paid' | 'failed' | 'failed-after-paid' }
  | { kind: 'move'; target: number; fund: number };

const currency = fc.constantFrom('EUR', 'JPY', 'BHD');
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('manual' as const),
    channel: fc.constantFrom('bank' as const, 'crypto' as const, 'other' as const),
    amount: fc.integer({ min: 1, max: 1_000_000 }),
    fee: fc.integer({ min: 0, max: 1000 }),
    currency,
    fund: fc.nat(2),
  }),
  fc.record({ kind: fc.constant('charge' as const), amount: fc.integer({ min: 50, max: 1_000_000 }), fee: fc.integer({ min: 0, max: 49 }), currency, fund: fc.nat(2) }),
  fc.record({ kind: fc.constant('refund' as const), target: fc.nat(), amount: fc.integer({ min: 1, max: 1_000_000 }) }),
  fc.record({
    kind: fc.constant('dispute' as const),
    target: fc.nat(),
    outcome: fc.constantFrom('open' as const, 'won' as const, 'lost' as const),
    fee: fc.integer({ min: 0, max: 1500 }),
  }),
  fc.record({
    kind: fc.constant('payout' as const),
    amount: fc.integer({ min: 1, max: 1_000_000 }),
    currency,
    end: fc.constantFrom('paid' as const, 'failed' as const, 'failed-after-paid' as const),
  }),
  fc.record({ kind: fc.constant('move' as const), target: fc.nat(), fund: fc.nat(2) }),
);

describe('R8 ledger properties', () => {
  let t: TestApp;
  let ds: DataSource;
  let fake: StripeFake;
  const funds: string[] = ['general', 'rsoc'];
  beforeAll(async () => {
    t = await createTestApp();
    ds = t.app.get(DataSource);
    fake = await StripeFake.start();
    const code = `r8-${randomUUID().slice(0, 8)}`;
    await t.app.get(FundsService).create({ code, name: 'R8 fund' }, SYSTEM_ACTOR);
    funds.push(code);
  });
  afterAll(async () => {
    await t.close();
    await fake.stop();
  });

  it('every entry balances, balances equal the modelled postings, and the integrity check agrees', async () => {
    const webhooks = t.app.get(StripeWebhookService);
    const donations = t.app.get(DonationsService);
    const adjustments = t.app.get(DonationAdjustmentsService);
    const tx = t.app.get(TransactionService);
    let runs = 0;
    let ops = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 14 }), async (sequence) => {
        runs++;
        const model = new Map<string, bigint>();
        const add = (account: string, fund: string, cur: string, amount: bigint) => {
          const key = `${account}|${fund}|${cur}`;
          const v = (model.get(key) ?? 0n) + amount;
          if (v === 0n) model.delete(key);
          else model.set(key, v);
        };
        // Every donation of this run: its id, its books per account/currency, its fund, its state.
        const mine: { id: string; chargeId?: string; fund: string; currency: string; amount: number; refunded: number; disputed: boolean; books: Map<string, bigint> }[] = [];
        const payoutKeys: string[] = [];
        const book = (d: (typeof mine)[number], account: string, amount: bigint) => {
          d.books.set(account, (d.books.get(account) ?? 0n) + amount);
          add(account, d.fund, d.currency, amount);
        };
        const send = (type: string, object: object) => webhooks.apply(fake.event(type, object) as never);
        for (const o of sequence) {
          ops++;
          if (o.kind === 'manual') {
            const fee = Math.min(o.fee, o.amount);
            const d = await donations.createManual(
              { channel: o.channel, amount: o.amount, fee, currency: o.currency, receivedAt: '2026-02-03', fund: funds[o.fund] },
              SYSTEM_ACTOR,
            );
            const entry = { id: d.id, fund: funds[o.fund], currency: o.currency, amount: o.amount, refunded: 0, disputed: false, books: new Map() };
            mine.push(entry);
            book(entry, o.channel === 'bank' ? 'assets:bank' : `assets:${o.channel}`, BigInt(o.amount - fee));
            book(entry, `expenses:fees:${o.channel}`, BigInt(fee));
            book(entry, `income:donations:${o.channel}`, -BigInt(o.amount));
          } else if (o.kind === 'charge') {
            const amount = o.currency === 'BHD' ? o.amount * 10 : o.amount;
            const charge = fake.charge({ amount, currency: o.currency, fee: o.fee, metadata: { fund: funds[o.fund] } });
            await send('charge.succeeded', { ...charge, balance_transaction: fake.objects.get(charge.balance_transaction) });
            const [row] = await ds.query(`SELECT id FROM donations WHERE external_id = $1`, [charge.id]);
            const entry = { id: row.id, chargeId: charge.id, fund: funds[o.fund], currency: o.currency, amount, refunded: 0, disputed: false, books: new Map() };
            mine.push(entry);
            book(entry, 'assets:stripe', BigInt(amount - o.fee));
            book(entry, 'expenses:fees:stripe', BigInt(o.fee));
            book(entry, 'income:donations:stripe', -BigInt(amount));
          } else if (o.kind === 'refund' || o.kind === 'dispute') {
            const charges = mine.filter((d) => d.chargeId && !d.disputed && d.refunded < d.amount);
            if (!charges.length) continue;
            const d = charges[o.target % charges.length];
            if (o.kind === 'refund') {
              const amount = Math.min(o.amount, d.amount - d.refunded);
              d.refunded += amount;
              await send('charge.refunded', fake.refund(d.chargeId!, amount));
              book(d, 'income:donations:stripe', BigInt(amount));
              book(d, 'assets:stripe', -BigInt(amount));
            } else {
              if (d.refunded > 0) continue;
              d.disputed = true;
              const dispute = fake.dispute(d.chargeId!, { status: 'needs_response', fee: o.fee });
              await send('charge.dispute.created', dispute);
              book(d, 'assets:stripe:disputed', BigInt(d.amount));
              book(d, 'assets:stripe', -BigInt(d.amount + o.fee));
              book(d, 'expenses:fees:stripe', BigInt(o.fee));
              if (o.outcome !== 'open') {
                await send('charge.dispute.closed', fake.withStatus(dispute, o.outcome));
                book(d, 'assets:stripe:disputed', -BigInt(d.amount));
                book(d, o.outcome === 'won' ? 'assets:stripe' : 'income:donations:stripe', BigInt(d.amount));
              }
            }
          } else if (o.kind === 'payout') {
            const amount = o.currency === 'BHD' ? o.amount * 10 : o.amount;
            const payout = fake.payout({ amount, currency: o.currency, status: o.end === 'failed' ? 'failed' : 'paid' });
            payoutKeys.push(`payout:${payout.id}:paid`, `payout:${payout.id}:failed`);
            await send(o.end === 'failed' ? 'payout.failed' : 'payout.paid', payout);
            if (o.end === 'failed-after-paid') await send('payout.failed', { ...payout, status: 'failed' });
            if (o.end === 'paid') {
              add('assets:bank', 'general', o.currency, BigInt(amount));
              add('assets:stripe', 'general', o.currency, -BigInt(amount));
            }
          } else if (o.kind === 'move') {
            if (!mine.length) continue;
            const d = mine[o.target % mine.length];
            const to = funds[o.fund];
            if (to === d.fund) continue;
            const fundId = await tx.run((m) => t.app.get(FundsService).idFor(m, to));
            await tx.run((m) => adjustments.moveToFund(m, d.id, fundId, '2026-02-04'));
            for (const [account, amount] of d.books) {
              add(account, d.fund, d.currency, -amount);
              add(account, to, d.currency, amount);
            }
            d.fund = to;
          }
        }
        const rows: { account: string; fund: string; currency: string; amount: string }[] = await ds.query(
          `SELECT p.account, f.code AS fund, p.currency, sum(p.amount)::text AS amount
           FROM postings p JOIN journal_entries e ON e.id = p.entry_id JOIN funds f ON f.id = p.fund_id
           WHERE e.donation_id = ANY($1) OR e.key = ANY($2) GROUP BY 1, 2, 3 HAVING sum(p.amount) <> 0`,
          [mine.map((d) => d.id), payoutKeys],
        );
        const actual = Object.fromEntries(rows.map((r) => [`${r.account}|${r.fund}|${r.currency}`, r.amount]));
        expect(actual).toEqual(Object.fromEntries([...model].map(([k, v]) => [k, v.toString()])));
        const [{ unbalanced }] = await ds.query(`SELECT count(*)::int AS unbalanced FROM (SELECT 1 FROM postings GROUP BY entry_id, currency HAVING sum(amount) <> 0) x`);
        expect(unbalanced).toBe(0);
      }),
      { numRuns: 25, seed: 8 },
    );
    const report = await t.app.get(LedgerCheckService).run();
    expect(report).toMatchObject({ ok: true, unbalanced: [], incomplete: [], donationMismatches: [], payoutMismatches: [] });
    // The API's balances are the sums of the postings, account by account.
    const treasurer = await t.userWith('treasurer');
    const api = await t.http.get('/api/v1/ledger/accounts').set(treasurer.auth).expect(200);
    const sums = await ds.query(`SELECT p.account, f.code AS fund, p.currency, sum(p.amount)::text AS amount FROM postings p JOIN funds f ON f.id = p.fund_id GROUP BY 1, 2, 3`);
    expect(
      Object.fromEntries(
        api.body.items.map((i: { account: string; fund: string; currency: string; balance: number }) => [`${i.account}|${i.fund}|${i.currency}`, String(i.balance)]),
      ),
    ).toEqual(Object.fromEntries(sums.map((s: { account: string; fund: string; currency: string; amount: string }) => [`${s.account}|${s.fund}|${s.currency}`, s.amount])));
    // The audit chain still verifies, and the exported journal passes hledger with the same balances.
    const audit = await t.app.get(AuditService).verify();
    expect(audit.ok).toBe(true);
    const journal = await t.http.get('/api/v1/exports/journal?format=ledger').set(treasurer.auth).expect(200);
    const hledger = hledgerAgrees(journal.text, api.body.items, 'R8');
    process.stdout.write(
      `\nR8 ledger properties: ${runs} random sequences, ${ops} operations, ${report.entries} entries all balanced, balances equal the model, ledger:check ok, audit chain verifies (${audit.rows} rows), export ${hledger}\n`,
    );
  }, 120_000);

  describe('the database itself', () => {
    const insertEntry = async (q: (sql: string, p?: unknown[]) => Promise<unknown>, amounts: number[]) => {
      const [{ id: fund }] = (await q(`SELECT id FROM funds WHERE code = 'general'`)) as { id: string }[];
      const [{ id }] = (await q(`INSERT INTO journal_entries (kind, effective_date, description) VALUES ('test', '2026-01-01', 'direct SQL') RETURNING id`)) as { id: string }[];
      for (const amount of amounts) await q(`INSERT INTO postings (entry_id, account, fund_id, currency, amount) VALUES ($1, 'assets:bank', $2, 'EUR', $3)`, [id, fund, amount]);
      return id;
    };

    it.each([
      ['does not balance', [100, -99]],
      ['has a single posting', [100]],
      ['has no postings', []],
    ])('refuses at COMMIT an entry that %s', async (_, amounts) => {
      const runner = ds.createQueryRunner();
      await runner.connect();
      try {
        await runner.startTransaction();
        await insertEntry((sql, p) => runner.query(sql, p), amounts);
        await expect(runner.commitTransaction()).rejects.toThrow(/does not balance|at least two|no postings/);
      } finally {
        if (runner.isTransactionActive) await runner.rollbackTransaction();
        await runner.release();
      }
    });

    it('accepts a balanced entry written by hand and then refuses any UPDATE, DELETE or TRUNCATE', async () => {
      const id = await ds.transaction((m) => insertEntry((sql, p) => m.query(sql, p), [250, -250]));
      await expect(ds.query(`UPDATE postings SET amount = amount + 1 WHERE entry_id = $1`, [id])).rejects.toThrow(/append-only/);
      await expect(ds.query(`DELETE FROM postings WHERE entry_id = $1`, [id])).rejects.toThrow(/append-only/);
      await expect(ds.query(`UPDATE journal_entries SET description = 'edited' WHERE id = $1`, [id])).rejects.toThrow(/append-only/);
      await expect(ds.query(`DELETE FROM journal_entries WHERE id = $1`, [id])).rejects.toThrow(/append-only/);
      await expect(ds.query(`TRUNCATE postings`)).rejects.toThrow(/append-only/);
      const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM postings WHERE entry_id = $1`, [id]);
      expect(n).toBe(2);
    });
  });
});
