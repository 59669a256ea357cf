import { Candidate, LineFacts, ManualDonationFacts, manualDonationFits, PayoutFacts, rankPair, resolve } from './rules.js';

const line = (over: Partial<LineFacts> = {}): LineFacts => ({ amount: 10000n, currency: 'EUR', bookedOn: '2024-03-10', ...over });
const stripe = (over: Partial<PayoutFacts> = {}): PayoutFacts => ({ provider: 'stripe', externalId: 'po_1AbC', amount: 10000n, currency: 'EUR', paidOn: '2024-03-10', ...over });

describe('rankPair: which rule pairs a bank credit with a payout', () => {
  it.each<[string, LineFacts, PayoutFacts, number | null]>([
    ['payout id in the reference', line({ reference: 'STRIPE PAYOUT po_1AbC' }), stripe(), 1],
    ['payout id in the description, any case', line({ description: 'transfer PO_1ABC' }), stripe(), 1],
    ['payout id in the bank reference', line({ bankReference: 'x po_1AbC y' }), stripe(), 1],
    ['payout id but another amount', line({ reference: 'po_1AbC', amount: 9999n }), stripe(), null],
    ['payout id but another currency', line({ reference: 'po_1AbC', currency: 'USD' }), stripe(), null],
    ['counterparty names Stripe, same day', line({ counterparty: 'Stripe Payments Europe' }), stripe(), 2],
    ['Stripe named, 2 days early', line({ counterparty: 'STRIPE', bookedOn: '2024-03-08' }), stripe(), 2],
    ['Stripe named, 3 days early', line({ counterparty: 'STRIPE', bookedOn: '2024-03-07' }), stripe(), null],
    ['Stripe named, 5 days late', line({ counterparty: 'STRIPE', bookedOn: '2024-03-15' }), stripe(), 2],
    ['Stripe named, 6 days late', line({ counterparty: 'STRIPE', bookedOn: '2024-03-16' }), stripe(), null],
    ['no provider named: suggestion only', line({ counterparty: 'ACME GmbH' }), stripe(), 3],
    ['off by one cent', line({ counterparty: 'STRIPE', amount: 10001n }), stripe(), null],
    [
      'Patreon named for a Patreon payout',
      line({ description: 'PATREON, INC. payout' }),
      stripe({ provider: 'patreon', externalId: 'earnings:2024-02:EUR', paidOn: null, periodEnd: '2024-02-29' }),
      2,
    ],
    [
      'undated Patreon payout, 10 days into the next month',
      line({ counterparty: 'Patreon', bookedOn: '2024-03-11' }),
      stripe({ provider: 'patreon', externalId: 'e', paidOn: null, periodEnd: '2024-02-29' }),
      2,
    ],
    [
      'undated Patreon payout, 11 days into the next month',
      line({ counterparty: 'Patreon', bookedOn: '2024-03-12' }),
      stripe({ provider: 'patreon', externalId: 'e', paidOn: null, periodEnd: '2024-02-29' }),
      null,
    ],
    ['Teespring named for a merch payout', line({ counterparty: 'TEESPRING INC' }), stripe({ provider: 'merch', externalId: 'PO-1' }), 2],
    ['Spring named for a merch payout', line({ description: 'Spring payout' }), stripe({ provider: 'merch', externalId: 'PO-1' }), 2],
    ['Stripe named for a merch payout: no evidence', line({ counterparty: 'STRIPE' }), stripe({ provider: 'merch', externalId: 'PO-1' }), 3],
  ])('%s', (_name, l, p, expected) => {
    expect(rankPair(l, p)).toBe(expected);
  });
});

describe('resolve: automatic matches only when unambiguous', () => {
  const c = (line: string, payout: string, rank: 1 | 2 | 3): Candidate => ({ line, payout, rank });
  it.each<[string, Candidate[], string[]]>([
    ['one reference pair', [c('L1', 'P1', 1)], ['L1-P1 matched payout_reference']],
    ['one provider pair', [c('L1', 'P1', 2)], ['L1-P1 matched provider_amount_window']],
    ['amount and date only is never automatic', [c('L1', 'P1', 3)], ['L1-P1 suggested amount_date_only']],
    ['two payouts for one line: both suggested', [c('L1', 'P1', 2), c('L1', 'P2', 2)], ['L1-P1 suggested provider_amount_window', 'L1-P2 suggested provider_amount_window']],
    ['two lines for one payout: both suggested', [c('L1', 'P1', 2), c('L2', 'P1', 2)], ['L1-P1 suggested provider_amount_window', 'L2-P1 suggested provider_amount_window']],
    [
      'a reference wins; the tie it leaves stays a suggestion',
      [c('L1', 'P1', 1), c('L1', 'P2', 2), c('L2', 'P2', 2)],
      ['L1-P1 matched payout_reference', 'L2-P2 suggested provider_amount_window'],
    ],
    ['the matched line is not suggested again', [c('L1', 'P1', 2), c('L1', 'P2', 3)], ['L1-P1 matched provider_amount_window']],
  ])('%s', (_name, candidates, expected) => {
    expect(resolve(candidates).map((d) => `${d.line}-${d.payout} ${d.state} ${d.rule}`)).toEqual(expected);
  });
});

describe('manualDonationFits: a hand-recorded bank donation suggested for its credit', () => {
  const gift = (over: Partial<ManualDonationFacts> = {}): ManualDonationFacts => ({
    amount: 10000n,
    currency: 'EUR',
    receivedOn: '2024-03-10',
    channel: 'bank',
    byHand: true,
    settled: false,
    ...over,
  });
  it.each<[string, LineFacts, ManualDonationFacts, boolean]>([
    ['same amount, same day', line(), gift(), true],
    ['booked 7 days after the recorded date', line({ bookedOn: '2024-03-17' }), gift(), true],
    ['booked 8 days after', line({ bookedOn: '2024-03-18' }), gift(), false],
    ['booked 3 days before (recorded when announced late)', line({ bookedOn: '2024-03-07' }), gift(), true],
    ['booked 4 days before', line({ bookedOn: '2024-03-06' }), gift(), false],
    ['one cent off', line({ amount: 10001n }), gift(), false],
    ['another currency', line({ currency: 'USD' }), gift(), false],
    ['a cheque (channel other) deposited', line(), gift({ channel: 'other' }), true],
    ['a crypto gift never reaches the bank', line(), gift({ channel: 'crypto' }), false],
    ['imported or classified, not by hand', line(), gift({ byHand: false }), false],
    ['already matched to another line', line(), gift({ settled: true }), false],
  ])('%s', (_name, l, d, expected) => {
    expect(manualDonationFits(l, d)).toBe(expected);
  });
});
