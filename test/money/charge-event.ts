import type { StripeEvent } from '../../src/stripe/stripe-objects.js';

let n = 0;

/**
 * A charge.succeeded event with its fee known (the balance transaction expanded), as the
 * one-call path books it; every call gets new ids, prefixed with `tag` for whoever reads the rows.
 */
export function chargeSucceeded(tag: string, billing: { email: string; name: string }, amount = 2500): StripeEvent {
  n++;
  const id = `${tag}_${Date.now().toString(36)}${n}`;
  return {
    id: `evt_${id}`,
    type: 'charge.succeeded',
    created: 1764000000,
    data: {
      object: {
        id: `ch_${id}`,
        object: 'charge',
        amount,
        currency: 'eur',
        created: 1764000000,
        payment_intent: `pi_${id}`,
        billing_details: billing,
        balance_transaction: { id: `txn_${id}`, object: 'balance_transaction', amount, fee: 100, currency: 'eur' },
        metadata: {},
        refunds: { data: [] },
      },
    },
  };
}
