import { convertMinor, convertWith, isRate, StoredRate } from './rate-math.js';

describe('exchange rate arithmetic', () => {
  it.each([
    ['0.92', true],
    ['1', true],
    ['0.000000000001', true],
    ['123456789012345678.123456789012', true],
    ['0', false],
    ['0.000', false],
    ['-1', false],
    ['1.0000000000001', false],
    ['1e3', false],
    ['', false],
    [0.92, false],
  ])('isRate(%p) is %p', (value, expected) => {
    expect(isRate(value)).toBe(expected);
  });

  it.each([
    // amount, from, to, rate, inverse, expected
    [100000n, 'USD', 'EUR', '0.92', false, 92000n],
    [1n, 'USD', 'EUR', '0.5', false, 1n], // 0.5 cent rounds half away from zero
    [-1n, 'USD', 'EUR', '0.5', false, -1n],
    [92000n, 'EUR', 'USD', '0.92', true, 100000n],
    [100n, 'EUR', 'USD', '3', true, 33n],
    [1000n, 'JPY', 'EUR', '0.0061', false, 610n], // JPY has no minor unit: 1000 JPY = 6.10 EUR
    [610n, 'EUR', 'JPY', '0.0061', true, 1000n],
    [1000n, 'BHD', 'EUR', '2.4', false, 240n], // 1.000 BHD = 2.40 EUR
    [5n, 'EUR', 'EUR', '7', false, 5n],
  ])('%p %s → %s at %s (inverse %p) is %p', (amount, from, to, rate, inverse, expected) => {
    expect(convertMinor(amount, from, to, rate, inverse)).toBe(expected);
  });

  it('uses the later of a direct and an inverse rate, or answers null without one', () => {
    const rates = new Map<string, StoredRate>([
      ['USD>EUR', { from: 'USD', to: 'EUR', rate: '0.9', asOf: '2026-01-01' }],
      ['EUR>USD', { from: 'EUR', to: 'USD', rate: '1.25', asOf: '2026-02-01' }],
    ]);
    expect(convertWith(rates, 125n, 'USD', 'EUR')).toBe(100n);
    expect(convertWith(rates, 100n, 'GBP', 'EUR')).toBeNull();
  });
});
