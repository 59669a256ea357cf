import { monthlyAmount } from './subscription-amount.js';

describe('monthlyAmount: a subscription normalised to one month', () => {
  it.each<[string, bigint, 'day' | 'week' | 'month' | 'year', number, bigint]>([
    ['monthly stays as it is', 1000n, 'month', 1, 1000n],
    ['every three months', 3000n, 'month', 3, 1000n],
    ['every two months, half a cent rounds up', 1001n, 'month', 2, 501n],
    ['yearly', 12000n, 'year', 1, 1000n],
    ['yearly, not divisible', 10000n, 'year', 1, 833n],
    ['weekly: 52 weeks a year', 500n, 'week', 1, 2167n],
    ['every two weeks', 1000n, 'week', 2, 2167n],
    ['daily: 365 days a year', 100n, 'day', 1, 3042n],
    ['zero-decimal currency (JPY)', 1000n, 'year', 1, 83n],
    ['beyond safe integers stays exact', 9_007_199_254_740_993n * 12n, 'year', 1, 9_007_199_254_740_993n],
  ])('%s', (_name, amount, interval, count, expected) => {
    expect(monthlyAmount(amount, interval, count)).toBe(expected);
  });

  it.each([0, -1, 1.5])('refuses interval count %p', (count) => {
    expect(() => monthlyAmount(100n, 'month', count)).toThrow(RangeError);
  });
});
