import { toBaseMinor } from './base-amount.js';

describe('toBaseMinor', () => {
  it.each([
    ['2500.000000000000', 'EUR', 'EUR', 2500n],
    ['-2500.000000000000', 'EUR', 'EUR', -2500n],
    ['1082.500000000000', 'USD', 'EUR', 1083n],
    ['1082.499999999999', 'USD', 'EUR', 1082n],
    ['30.600000000000', 'JPY', 'EUR', 3060n], // 5000 JPY × 0.00612 = 30.60 EUR
    ['12340.000000000000', 'BHD', 'EUR', 1234n], // 12.340 BHD × 1 → 12.34 EUR
    ['12345.000000000000', 'BHD', 'EUR', 1235n],
    ['25.000000000000', 'EUR', 'JPY', 0n],
    ['250.000000000000', 'EUR', 'JPY', 3n],
  ])('%s %s → %s', (decimal, currency, base, expected) => expect(toBaseMinor(decimal, currency, base)).toBe(expected));
});
