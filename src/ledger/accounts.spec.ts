import { Accounts, imbalance, isAccount } from './accounts.js';

describe('account names', () => {
  it.each([
    ['assets:stripe', true],
    ['assets:stripe:disputed', true],
    ['income:donations:bank', true],
    ['expenses:roles:build-engineer', true],
    ['Assets:Stripe', false],
    ['assets', false],
    ['cash:box', false],
    ['assets::bank', false],
    ['assets:bank:', false],
  ])('%s is an account: %s', (name, ok) => expect(isAccount(name)).toBe(ok));

  it('names the channel accounts', () => {
    expect(Accounts.holding('bank')).toBe('assets:bank');
    expect(Accounts.holding('stripe')).toBe('assets:stripe');
    expect(Accounts.income('crypto')).toBe('income:donations:crypto');
    expect(Accounts.fees('stripe')).toBe('expenses:fees:stripe');
  });
});

describe('imbalance', () => {
  it.each([
    [[], null],
    [
      [
        { currency: 'EUR', amount: 100n },
        { currency: 'EUR', amount: -100n },
      ],
      null,
    ],
    [
      [
        { currency: 'EUR', amount: 100n },
        { currency: 'USD', amount: -100n },
      ],
      { currency: 'EUR', leftOver: 100n },
    ],
    [
      [
        { currency: 'JPY', amount: 5n },
        { currency: 'JPY', amount: -3n },
        { currency: 'JPY', amount: -1n },
      ],
      { currency: 'JPY', leftOver: 1n },
    ],
    [
      [
        { currency: 'BHD', amount: 9007199254740993n },
        { currency: 'BHD', amount: -9007199254740993n },
      ],
      null,
    ],
  ])('%j → %j', (lines, expected) => expect(imbalance(lines)).toEqual(expected));
});
