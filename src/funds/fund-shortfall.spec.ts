import { StoredRate } from '../rates/rate-math.js';
import { shortfall } from './fund-shortfall.js';

const rates = new Map<string, StoredRate>([['USD>EUR', { from: 'USD', to: 'EUR', rate: '0.9', asOf: '2026-01-01' }]]);
const balances = (entries: [string, bigint][]) => new Map(entries);

describe('restricted fund shortfall', () => {
  it.each([
    ['enough in the same currency', [['USD', 500000n]], 'USD', 500000n, null],
    ['nothing at all', [], 'USD', 250000n, { currency: 'EUR', available: 0n, amount: 225000n }],
    ['short in the same currency, no other money', [['USD', 100000n]], 'USD', 250000n, { currency: 'EUR', available: 90000n, amount: 135000n }],
    [
      'other currencies cover it at the latest rate',
      [
        ['USD', 0n],
        ['EUR', 300000n],
      ],
      'USD',
      250000n,
      null,
    ],
    [
      'a currency without a rate: only the own currency counts',
      [
        ['GBP', 900000n],
        ['USD', 100n],
      ],
      'USD',
      200n,
      { currency: 'USD', available: 100n, amount: 100n },
    ],
    ['spending in a currency without a rate', [['EUR', 900000n]], 'CHF', 100n, { currency: 'CHF', available: 0n, amount: 100n }],
    ['a fund already below zero', [['EUR', -100n]], 'EUR', 1n, { currency: 'EUR', available: -100n, amount: 101n }],
  ])('%s', (_name, entries, currency, amount, expected) => {
    expect(shortfall(balances(entries as [string, bigint][]), currency, amount, rates, 'EUR')).toEqual(expected);
  });
});
