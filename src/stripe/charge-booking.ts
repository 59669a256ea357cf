import { formatMoney } from '../common/money/money.js';
import { oneLine } from '../common/validation/single-line.js';
import { catalogs } from '../i18n/catalogs.js';
import { catalogLabel } from '../i18n/labels.js';
import { currencyOf, dateOf, expanded, idOf, StripeCharge, StripeEvent } from './stripe-objects.js';

/** The argument of `stripe_book_charge(p jsonb)` (migration 1764210000000). */
export interface ChargeBooking {
  eventId: string;
  type: string;
  created: number;
  locks: string[];
  ignored: boolean;
  chargeId: string;
  paymentIntent: string | null;
  amount: string;
  fee: string;
  feePending: boolean;
  /** The event carries the fee, so a donation still waiting for one must take the general path. */
  feeKnown: boolean;
  currency: string;
  receivedAt: string;
  balanceTransaction: string | null;
  fund: string | null;
  email: string | null;
  name: string | null;
  locale: 'en' | 'de';
  refundedTotal: string;
  refundDate: string;
  base: string;
  host: string;
  /** The receipt's props in each language, but the sponsor's name and the fund's, which the database knows. */
  receipt: Record<'en' | 'de', Record<string, unknown>>;
}

/** Charge events the one-call path books: the fee is in the event or cannot be fetched anyway. */
export function bookableInOneCall(event: StripeEvent, canFetch: boolean): boolean {
  if (event.type !== 'charge.succeeded' && event.type !== 'charge.refunded') return false;
  const charge = event.data.object as StripeCharge;
  return !canFetch || !idOf(charge.balance_transaction) || !!expanded(charge.balance_transaction);
}

/**
 * Everything ChargeHandler.applyCharge decides in code, decided here before the one call, so the
 * function only does what needs the database (same amounts, fee cap, currency, sponsor facts,
 * refund date and receipt wording as the general path).
 */
export function chargeBooking(event: StripeEvent, base: string, host: string): ChargeBooking {
  const charge = event.data.object as StripeCharge;
  const pi = idOf(charge.payment_intent);
  const bt = expanded(charge.balance_transaction);
  // A charge settled in another currency is booked as it landed (the balance transaction's amount and currency).
  const settledElsewhere = !!bt && currencyOf(bt.currency) !== currencyOf(charge.currency);
  const amount = BigInt(settledElsewhere ? bt.amount : charge.amount);
  const fee = BigInt(Math.min(bt?.fee ?? 0, Number(amount)));
  const currency = currencyOf(settledElsewhere ? bt.currency : charge.currency);
  const rawEmail = charge.billing_details?.email ?? charge.receipt_email ?? null;
  const email = rawEmail ? rawEmail.trim() : null;
  const locale = charge.metadata?.locale === 'de' ? 'de' : 'en';
  const receivedAt = new Date(charge.created * 1000);
  const latestRefund = Math.max(0, ...(charge.refunds?.data ?? []).map((r) => r.created ?? 0));
  // The fund's name in the donor's language when the catalogs know the fund (general, rsoc);
  // otherwise the database's stored name, which the function puts in.
  const fundCode = charge.metadata?.fund ?? 'general';
  const fundLabel = (l: 'en' | 'de') => (catalogs().has('en', `funds:${fundCode}`) ? { fund: catalogLabel(l, 'funds', fundCode) } : {});
  const receiptIn = (l: 'en' | 'de') => ({
    ...fundLabel(l),
    amount: formatMoney(amount, currency, l),
    receivedOn: receivedAt.toISOString().slice(0, 10),
    channel: catalogLabel(l, 'channels', 'stripe'),
    reference: charge.id,
    recurring: false,
  });
  return {
    eventId: event.id,
    type: event.type,
    created: event.created,
    locks: [...(pi ? [`stripe:pi:${pi}`] : []), `stripe:ch:${charge.id}`],
    ignored: charge.paid === false || charge.status === 'failed' || charge.status === 'pending',
    chargeId: charge.id,
    paymentIntent: pi,
    amount: amount.toString(),
    fee: fee.toString(),
    feePending: !bt,
    feeKnown: !!bt,
    currency,
    receivedAt: receivedAt.toISOString(),
    balanceTransaction: idOf(charge.balance_transaction),
    fund: charge.metadata?.fund ?? null,
    email,
    name: email ? (oneLine(charge.billing_details?.name ?? '') || email.split('@')[0]).slice(0, 200) : null,
    locale,
    refundedTotal: String(charge.amount_refunded ?? 0),
    refundDate: dateOf(latestRefund || event.created),
    base,
    host,
    receipt: { en: receiptIn('en'), de: receiptIn('de') },
  };
}
