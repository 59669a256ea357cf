import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { AuditService } from '../../src/audit/audit.service.js';
import { LedgerCheckService } from '../../src/ledger/ledger-check.service.js';
import { hledgerAgrees } from '../setup/hledger.js';
import { createTestApp, TestApp } from '../setup/test-app.js';

/**
 * R8 extended to money going out: random sequences of donations, role payments, expenses,
 * transfers between funds and reversals (some sent twice with one Idempotency-Key), over two
 * restricted funds and one unrestricted. A model predicts every fund's balance and which
 * spending a restricted fund must refuse; afterwards every entry balances, the API's fund
 * balances equal the model, and the exported journal passes `hledger check`.
 *
 * Restricted funds hold EUR only, so the model's rule is exact: spending more than the fund
 * holds is refused. The unrestricted fund also takes JPY and may go below zero.
 */
type Op =
  | { kind: 'donate'; fund: number; amount: number; jpy: boolean }
  | { kind: 'pay'; fund: number; amount: number; twice: boolean }
  | { kind: 'expense'; fund: number; amount: number; jpy: boolean; twice: boolean }
  | { kind: 'transfer'; from: number; to: number; amount: number }
  | { kind: 'reverse'; target: number };

const fund = fc.nat(2);
const amount = fc.integer({ min: 1, max: 50_000 });
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('donate' as const), fund, amount, jpy: fc.boolean() }),
  fc.record({ kind: fc.constant('pay' as const), fund, amount, twice: fc.boolean() }),
  fc.record({ kind: fc.constant('expense' as const), fund, amount, jpy: fc.boolean(), twice: fc.boolean() }),
  fc.record({ kind: fc.constant('transfer' as const), from: fund, to: fund, amount }),
  fc.record({ kind: fc.constant('reverse' as const), target: fc.nat() }),
);

describe('R8 spending properties', () => {
  let t: TestApp;
  let ds: DataSource;
  let treasurer: { auth: { Authorization: string } };
  let board: { auth: { Authorization: string } };
  beforeAll(async () => {
    t = await createTestApp();
    ds = t.app.get(DataSource);
    treasurer = await t.userWith('treasurer');
    board = await t.userWith('board');
  });
  afterAll(() => t.close());

  it('every entry balances, fund balances equal the model, restricted funds never go below zero, hledger agrees', async () => {
    let runs = 0;
    let ops = 0;
    let refused = 0;
    let replays = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 3, maxLength: 16 }), async (sequence) => {
        runs++;
        // Fresh funds per run: [restricted, restricted, unrestricted], each with a role paid from it.
        const codes: string[] = [];
        const roles: string[] = [];
        for (const restricted of [true, true, false]) {
          const code = `p-${randomUUID().slice(0, 8)}`;
          await t.http.post('/api/v1/funds').set(treasurer.auth).send({ code, name: code, restricted }).expect(201);
          codes.push(code);
          const role = await t.http
            .post('/api/v1/roles')
            .set(treasurer.auth)
            .send({
              title: `Role of ${code}`,
              kind: 'contractor',
              fund: code,
              currency: restricted ? 'EUR' : 'JPY',
              monthlyCost: 1,
              startsOn: '2026-01-01',
              status: 'active',
              holder: { name: 'H', email: 'h@example.org' },
            })
            .expect(201);
          roles.push(role.body.id);
        }
        const model = codes.map(() => new Map<string, number>());
        const add = (i: number, currency: string, delta: number) => model[i].set(currency, (model[i].get(currency) ?? 0) + delta);
        const restricted = (i: number) => i < 2;
        const holds = (i: number, currency: string) => model[i].get(currency) ?? 0;
        const spent: { url: string; fund: number; currency: string; amount: number }[] = [];

        for (const o of sequence) {
          ops++;
          if (o.kind === 'donate') {
            const currency = o.jpy && !restricted(o.fund) ? 'JPY' : 'EUR';
            await t.http
              .post('/api/v1/donations')
              .set(treasurer.auth)
              .send({ channel: 'bank', amount: o.amount, currency, receivedAt: '2026-03-02', fund: codes[o.fund] })
              .expect(201);
            add(o.fund, currency, o.amount);
          } else if (o.kind === 'pay' || o.kind === 'expense') {
            const currency = restricted(o.fund) ? 'EUR' : o.kind === 'pay' || o.jpy ? 'JPY' : 'EUR';
            const url = o.kind === 'pay' ? `/api/v1/roles/${roles[o.fund]}/payments` : '/api/v1/expenses';
            const body =
              o.kind === 'pay'
                ? { amount: { amount: o.amount, currency }, paidOn: '2026-03-05', overrideReason: 'property test' }
                : { category: 'hosting', payee: 'Host', fund: codes[o.fund], amount: { amount: o.amount, currency }, spentOn: '2026-03-05' };
            const key = randomUUID();
            const expected = restricted(o.fund) && holds(o.fund, currency) < o.amount ? 409 : 201;
            const res = await t.http.post(url).set(treasurer.auth).set('Idempotency-Key', key).send(body).expect(expected);
            if (o.twice) {
              const again = await t.http.post(url).set(treasurer.auth).set('Idempotency-Key', key).send(body);
              expect(again.status).toBe(expected);
              if (expected === 201) expect(again.body.id).toBe(res.body.id);
              replays++;
            }
            if (expected === 409) {
              expect(res.body.code).toBe('fund_restricted_shortfall');
              refused++;
              continue;
            }
            add(o.fund, currency, -o.amount);
            const reverse = o.kind === 'pay' ? `/api/v1/roles/${roles[o.fund]}/payments/${res.body.id}/reverse` : `/api/v1/expenses/${res.body.id}/reverse`;
            spent.push({ url: reverse, fund: o.fund, currency, amount: o.amount });
          } else if (o.kind === 'transfer') {
            if (o.from === o.to) continue;
            // No fund moves more than it holds, restricted or not (the model has no exchange rates).
            const expected = holds(o.from, 'EUR') < o.amount ? 409 : 201;
            const answer = await t.http
              .post('/api/v1/funds/transfers')
              .set(board.auth)
              .send({ from: codes[o.from], to: codes[o.to], amount: { amount: o.amount, currency: 'EUR' }, transferredOn: '2026-03-04', reason: 'property test' })
              .expect(expected);
            if (expected === 409) {
              expect(answer.body.code).toBe(restricted(o.from) ? 'fund_restricted_shortfall' : 'fund_transfer_shortfall');
              refused++;
              continue;
            }
            add(o.from, 'EUR', -o.amount);
            add(o.to, 'EUR', o.amount);
          } else {
            if (!spent.length) continue;
            const [target] = spent.splice(o.target % spent.length, 1);
            await t.http.post(target.url).set(treasurer.auth).send({ reason: 'property test' }).expect(200);
            await t.http.post(target.url).set(treasurer.auth).send({ reason: 'again' }).expect(409);
            add(target.fund, target.currency, target.amount);
          }
        }
        for (const [i, code] of codes.entries()) {
          const view = (await t.http.get(`/api/v1/funds/${code}`).set(board.auth).expect(200)).body;
          const actual = Object.fromEntries(view.balances.map((b: { currency: string; amount: number }) => [b.currency, b.amount]));
          expect(actual).toEqual(Object.fromEntries([...model[i]].filter(([, v]) => v !== 0)));
          if (restricted(i)) for (const b of view.balances) expect(b.amount).toBeGreaterThanOrEqual(0);
        }
        const [{ unbalanced }] = await ds.query(`SELECT count(*)::int AS unbalanced FROM (SELECT 1 FROM postings GROUP BY entry_id, currency HAVING sum(amount) <> 0) x`);
        expect(unbalanced).toBe(0);
      }),
      { numRuns: 20, seed: 11 },
    );
    const report = await t.app.get(LedgerCheckService).run();
    expect(report).toMatchObject({ ok: true, unbalanced: [] });
    const audit = await t.app.get(AuditService).verify();
    expect(audit.ok).toBe(true);
    const api = await t.http.get('/api/v1/ledger/accounts').set(treasurer.auth).expect(200);
    const journal = await t.http.get('/api/v1/exports/journal?format=ledger').set(treasurer.auth).expect(200);
    const hledger = hledgerAgrees(journal.text, api.body.items, 'R8 spending');
    process.stdout.write(
      `\nR8 spending properties: ${runs} random sequences, ${ops} operations, ${refused} refused for want of money (restricted funds, transfers), ${replays} idempotent replays, ${report.entries} entries all balanced, fund balances equal the model, audit chain verifies (${audit.rows} rows), export ${hledger}\n`,
    );
  }, 300_000);
});
