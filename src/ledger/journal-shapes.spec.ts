import { imbalance } from './accounts.js';
import { disputeClosed, disputeFee, disputeHold, donationFee, donationReceived, donationRefund, fundReclass, payoutToBank, reversal, stipendPaid } from './journal-shapes.js';
import type { PostingInput } from './ledger.service.js';

const book = { fundId: 'f1', currency: 'EUR' };
const stripe = { ...book, channel: 'stripe' as const };

/** Each money event: its postings, and the accounts it debits (+) and credits (−) in that order. */
const SHAPES: [string, PostingInput[], [string, bigint][]][] = [
  [
    'donation received',
    donationReceived({ ...stripe, amount: 2500n, fee: 103n }),
    [
      ['assets:stripe', 2397n],
      ['expenses:fees:stripe', 103n],
      ['income:donations:stripe', -2500n],
    ],
  ],
  [
    'donation received without fee',
    donationReceived({ ...book, channel: 'bank', amount: 1n, fee: 0n }),
    [
      ['assets:bank', 1n],
      ['expenses:fees:bank', 0n],
      ['income:donations:bank', -1n],
    ],
  ],
  [
    'donation received, fee = amount',
    donationReceived({ ...stripe, amount: 100n, fee: 100n }),
    [
      ['assets:stripe', 0n],
      ['expenses:fees:stripe', 100n],
      ['income:donations:stripe', -100n],
    ],
  ],
  [
    'donation beyond 2^53',
    donationReceived({ ...stripe, amount: 9_007_199_254_740_993n, fee: 12n }),
    [
      ['assets:stripe', 9_007_199_254_740_981n],
      ['expenses:fees:stripe', 12n],
      ['income:donations:stripe', -9_007_199_254_740_993n],
    ],
  ],
  [
    'fee learnt later',
    donationFee({ ...book, channel: 'patreon' }, 30n),
    [
      ['expenses:fees:patreon', 30n],
      ['assets:patreon', -30n],
    ],
  ],
  [
    'refund',
    donationRefund(stripe, 700n),
    [
      ['income:donations:stripe', 700n],
      ['assets:stripe', -700n],
    ],
  ],
  [
    'dispute opened',
    disputeHold(book, 2500n),
    [
      ['assets:stripe:disputed', 2500n],
      ['assets:stripe', -2500n],
    ],
  ],
  [
    'dispute fee',
    disputeFee(book, 1500n),
    [
      ['expenses:fees:stripe', 1500n],
      ['assets:stripe', -1500n],
    ],
  ],
  [
    'dispute won',
    disputeClosed(book, 'won', 2500n),
    [
      ['assets:stripe', 2500n],
      ['assets:stripe:disputed', -2500n],
    ],
  ],
  [
    'dispute lost',
    disputeClosed(book, 'lost', 2500n),
    [
      ['income:donations:stripe', 2500n],
      ['assets:stripe:disputed', -2500n],
    ],
  ],
  [
    'Stripe payout',
    payoutToBank(stripe, 50_000n),
    [
      ['assets:bank', 50_000n],
      ['assets:stripe', -50_000n],
    ],
  ],
  [
    'provider payout',
    payoutToBank({ ...book, channel: 'patreon' }, 9_000n),
    [
      ['assets:bank', 9_000n],
      ['assets:patreon', -9_000n],
    ],
  ],
  [
    'stipend paid',
    stipendPaid(book, 450_000n),
    [
      ['expenses:stipends', 450_000n],
      ['assets:bank', -450_000n],
    ],
  ],
];

describe('journal-entry shapes', () => {
  it.each(SHAPES)('%s balances, in one fund and currency, on the expected accounts', (_event, postings, expected) => {
    expect(imbalance(postings)).toBeNull();
    expect(postings.map((p) => [p.account, p.amount])).toEqual(expected);
    expect(new Set(postings.map((p) => `${p.fundId} ${p.currency}`))).toEqual(new Set(['f1 EUR']));
  });

  it.each(SHAPES)('the reversal of %s balances and undoes it', (_event, postings) => {
    const undo = reversal(postings);
    expect(imbalance(undo)).toBeNull();
    expect(imbalance([...postings, ...undo])).toBeNull();
    undo.forEach((p, i) => expect(p).toEqual({ ...postings[i], amount: -postings[i].amount }));
  });

  it('a reversal keeps each posting rate', () => {
    expect(reversal([{ account: 'assets:bank', fundId: 'f1', currency: 'USD', amount: 5n, rate: '0.9' }])[0]).toEqual({
      account: 'assets:bank',
      fundId: 'f1',
      currency: 'USD',
      amount: -5n,
      rate: '0.9',
    });
  });

  it('moves balances between funds without changing account totals', () => {
    const lines = fundReclass(
      [
        { account: 'assets:stripe', currency: 'EUR', amount: 90n },
        { account: 'income:donations:stripe', currency: 'EUR', amount: -100n },
        { account: 'expenses:fees:stripe', currency: 'EUR', amount: 10n },
        { account: 'assets:bank', currency: 'EUR', amount: 0n },
      ],
      'general',
      'rsoc',
    );
    expect(lines).toHaveLength(6);
    expect(imbalance(lines)).toBeNull();
    expect(imbalance(lines.filter((l) => l.fundId === 'rsoc'))).toBeNull();
    for (const account of ['assets:stripe', 'income:donations:stripe', 'expenses:fees:stripe']) {
      expect(lines.filter((l) => l.account === account).reduce((sum, l) => sum + l.amount, 0n)).toBe(0n);
    }
  });
});
