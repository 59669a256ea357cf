import { bookableInOneCall, chargeBooking } from './charge-booking.js';
import type { StripeCharge, StripeEvent } from './stripe-objects.js';

const bt = { id: 'txn_1', amount: 1000, fee: 59, net: 941, currency: 'eur', created: 1_780_000_000, type: 'charge' };
const charge = (over: Partial<StripeCharge> = {}): StripeCharge => ({
  id: 'ch_1',
  amount: 1000,
  currency: 'eur',
  created: 1_780_000_000,
  paid: true,
  status: 'succeeded',
  payment_intent: 'pi_1',
  balance_transaction: bt,
  billing_details: { email: '  Ada@Example.org ', name: ' Ada ' },
  metadata: { fund: 'rsoc', locale: 'de' },
  ...over,
});
const event = (c: StripeCharge, type = 'charge.succeeded'): StripeEvent => ({ id: 'evt_1', type, created: 1_780_000_100, data: { object: c } });

describe('bookableInOneCall', () => {
  it.each([
    ['a charge with its balance transaction', event(charge()), true, true],
    ['a charge with only the id, an API key to fetch it', event(charge({ balance_transaction: 'txn_1' })), true, false],
    ['a charge with only the id, no API key', event(charge({ balance_transaction: 'txn_1' })), false, true],
    ['a refund event', event(charge(), 'charge.refunded'), true, true],
    ['a dispute', event(charge(), 'charge.dispute.created'), true, false],
    ['a payout', event(charge(), 'payout.paid'), false, false],
  ])('%s → %s', (_what, e, canFetch, expected) => expect(bookableInOneCall(e, canFetch)).toBe(expected));
});

describe('chargeBooking', () => {
  it.each<[string, StripeCharge, Record<string, unknown>]>([
    [
      'books gross and fee, locks payment intent then charge',
      charge(),
      { amount: '1000', fee: '59', currency: 'EUR', feePending: false, feeKnown: true, locks: ['stripe:pi:pi_1', 'stripe:ch:ch_1'] },
    ],
    ['trims the email and the name, takes the locale and fund from metadata', charge(), { email: 'Ada@Example.org', name: 'Ada', locale: 'de', fund: 'rsoc' }],
    ['names a sponsor without a name by the email', charge({ billing_details: { email: 'bob@example.org' } }), { name: 'bob' }],
    ['books a charge settled in another currency as it landed', charge({ currency: 'usd', amount: 1100 }), { amount: '1000', currency: 'EUR' }],
    ['caps the fee at the gross', charge({ balance_transaction: { ...bt, fee: 5000 } }), { fee: '1000' }],
    ['leaves the fee pending without a balance transaction', charge({ balance_transaction: null }), { fee: '0', feePending: true, feeKnown: false, balanceTransaction: null }],
    ['ignores an unpaid charge', charge({ paid: false }), { ignored: true }],
    [
      'dates a refund by the latest refund',
      charge({ amount_refunded: 400, refunds: { data: [{ id: 're_1', amount: 400, created: 1_780_100_000 }] } }),
      { refundedTotal: '400', refundDate: '2026-05-30' },
    ],
    ['dates a refund without refunds listed by the event', charge({ amount_refunded: 400 }), { refundDate: '2026-05-28' }],
    ['has no sponsor without an email', charge({ billing_details: null }), { email: null, name: null }],
  ])('%s', (_what, c, expected) => expect(chargeBooking(event(c), 'EUR', 'coffer.test')).toMatchObject(expected));

  it('words the receipt in both languages', () => {
    const { receipt } = chargeBooking(event(charge()), 'EUR', 'coffer.test');
    expect(receipt.en).toMatchObject({ amount: '€10.00', channel: 'card (Stripe)', reference: 'ch_1', recurring: false });
    expect(receipt.de).toMatchObject({ amount: expect.stringMatching(/^10,00\s€$/), channel: 'Karte (Stripe)' });
  });
});
