import { convertWith, StoredRate } from '../rates/rate-math.js';
import { median, projectRunway, RoleCosts } from './runway-math.js';

const MONTHS = 24;
/** A role costing `amount` from month index `from` to `to` (inclusive; null = open-ended). */
function role(id: string, amount: bigint, from = 0, to: number | null = null): RoleCosts {
  const month = (i: number) => `2027-${String(i + 1).padStart(2, '0')}`;
  const costs = Array.from({ length: MONTHS }, (_, i) => (i >= from && (to === null || i <= to) ? amount : 0n));
  return { id, startsOn: `${i2m(from)}-01`, endsOn: to === null ? null : `${i2m(to)}-28`, costs };
  function i2m(i: number) {
    return i < 12 ? month(i) : `2028-${String(i - 11).padStart(2, '0')}`;
  }
}

describe('median of one-time income', () => {
  it.each([
    [[], 0n],
    [[500n], 500n],
    [[100n, 300n], 200n],
    [[100n, 120n, 90n, 110n, 5_000_000n, 100n], 105n],
    [[0n, 0n, 0n, 0n, 0n, 900n], 0n],
    [[3n, 1n, 2n], 2n],
  ])('median(%p) = %p', (values, expected) => {
    expect(median(values)).toBe(expected);
  });
});

describe('runway projection', () => {
  it.each([
    // name, balance, recurring, one-time, roles, months of runway, runs out in, funded through
    ['no income', 300000n, 0n, 0n, [role('a', 100000n)], 3, '2027-04', { a: '2027-03-31' }],
    ['a fraction of a month', 150000n, 0n, 0n, [role('a', 100000n)], 1.5, '2027-02', { a: '2027-01-31' }],
    ['only recurring income, covering the cost', 0n, 100000n, 0n, [role('a', 100000n)], null, null, { a: '2028-12-31' }],
    ['recurring income slowing the burn', 100000n, 50000n, 0n, [role('a', 100000n)], 2, '2027-03', { a: '2027-02-28' }],
    ['a role ending mid-projection', 500000n, 0n, 0n, [role('a', 100000n, 0, 1), role('b', 50000n)], 6, '2027-07', { a: '2027-02-28', b: '2027-06-30' }],
    ['a planned role starting later', 300000n, 0n, 0n, [role('k', 100000n, 2)], 5, '2027-06', { k: '2027-05-31' }],
    ['a planned role starting after the money ran out', 100000n, 0n, 0n, [role('a', 50000n), role('k', 100000n, 6)], 2, '2027-03', { a: '2027-02-28', k: null }],
    [
      'one large gift does not count as monthly income',
      200000n,
      0n,
      median([10000n, 12000n, 9000n, 11000n, 5_000_000n, 10000n]),
      [role('a', 110000n)],
      2,
      '2027-03',
      { a: '2027-02-28' },
    ],
    ['already below zero', -100n, 0n, 0n, [role('a', 100n)], 0, '2027-01', { a: null }],
    ['no roles at all', 0n, 0n, 0n, [], null, null, {}],
  ])('%s', (_name, balance, recurring, oneTime, roles, months, runsOutIn, funded) => {
    const result = projectRunway({ firstMonth: '2027-01', balance, recurringMonthly: recurring, oneTimeMonthly: oneTime, roles, months: MONTHS });
    expect(result.monthsOfRunway).toBe(months);
    expect(result.runsOutIn).toBe(runsOutIn);
    expect(Object.fromEntries(result.fundedThrough.map((f) => [f.id, f.fundedThrough]))).toEqual(funded);
    expect(result.projection).toHaveLength(MONTHS);
    // Each month follows from the one before: nothing appears or vanishes between months.
    let previous = balance;
    for (const m of result.projection) {
      expect(m.balance).toBe(previous + m.income - m.committed);
      previous = m.balance;
    }
  });

  it('several currencies: balances and costs converted at the latest rate before projecting', () => {
    const rates = new Map<string, StoredRate>([
      ['USD>EUR', { from: 'USD', to: 'EUR', rate: '0.9', asOf: '2026-12-01' }],
      ['EUR>GBP', { from: 'EUR', to: 'GBP', rate: '0.8', asOf: '2026-12-01' }],
    ]);
    const toEur = (amount: bigint, currency: string) => convertWith(rates, amount, currency, 'EUR')!;
    // 1,000 EUR + 2,000 USD + 800 GBP = 1,000 + 1,800 + 1,000 EUR; a 1,000 USD role = 900 EUR a month.
    const balance = toEur(100000n, 'EUR') + toEur(200000n, 'USD') + toEur(80000n, 'GBP');
    expect(balance).toBe(380000n);
    const cost = toEur(100000n, 'USD');
    const result = projectRunway({
      firstMonth: '2027-01',
      balance,
      recurringMonthly: 0n,
      oneTimeMonthly: 0n,
      roles: [{ id: 'b', startsOn: '2027-01-01', endsOn: null, costs: Array(MONTHS).fill(cost) }],
      months: MONTHS,
    });
    expect(result.monthsOfRunway).toBe(4.2);
    expect(result.fundedThrough[0].fundedThrough).toBe('2027-04-30');
  });
});
