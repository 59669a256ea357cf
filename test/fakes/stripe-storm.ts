/**
 * A webhook storm: charges (some with checkout or invoice context), partial and full refunds,
 * disputes won, lost and still open, payouts paid and failed — as Stripe events, with the
 * ledger they must produce computed independently of the app. Used by R1 and B2.
 */
import { StripeFake } from './stripe-fake.js';

type Obj = Record<string, any>;

export interface StormOptions {
  /** Total deliveries; about `duplicateRatio` of them repeat an earlier event. */
  deliveries: number;
  duplicateRatio: number;
  fund: string;
  currencies?: string[];
  seed?: number;
  /** B2 keeps to charges, refunds and payouts. */
  simple?: boolean;
}

export interface Storm {
  /** Deliveries in send order (duplicates are the same event object again). */
  deliveries: Obj[];
  duplicates: number;
  chargeIds: string[];
  payoutIds: string[];
  /** `account|fund|currency` → expected balance (non-zero only). */
  expected: Map<string, bigint>;
  refundBeforeCharge: number;
  payoutBeforeCharges: boolean;
}

/** Small seeded PRNG so a failing storm can be replayed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function buildStorm(fake: StripeFake, o: StormOptions): Storm {
  const random = rng(o.seed ?? 42);
  const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)];
  const currencies = o.currencies ?? ['EUR', 'USD', 'JPY', 'BHD'];
  const unique: Obj[] = [];
  const expected = new Map<string, bigint>();
  const add = (account: string, fund: string, currency: string, amount: number) => {
    const key = `${account}|${fund}|${currency}`;
    const v = (expected.get(key) ?? 0n) + BigInt(amount);
    if (v === 0n) expected.delete(key);
    else expected.set(key, v);
  };
  const chargeIds: string[] = [];
  const payoutIds: string[] = [];
  const emails = Array.from({ length: 25 }, (_, i) => `storm-${o.seed ?? 42}-${i}-${Date.now()}@example.org`);
  const base = Math.floor(Date.UTC(2026, 5, 1) / 1000);
  let n = 0;

  const target = Math.round(o.deliveries * (1 - o.duplicateRatio));
  while (unique.length < target) {
    n++;
    const created = base + n * 60;
    if (random() < 0.07) {
      const currency = pick(currencies);
      const amount = scale(currency) * (1 + Math.floor(random() * 500));
      const roll = random();
      const final = roll < 0.7 ? 'paid' : roll < 0.85 ? 'failed' : 'failed-after-paid';
      const payout = fake.payout({ amount, currency, status: final === 'failed' ? 'failed' : 'paid', created });
      payoutIds.push(payout.id);
      if (final === 'failed') unique.push(fake.event('payout.failed', { ...payout, status: 'failed' }, created));
      else unique.push(fake.event('payout.paid', { ...payout, status: 'paid' }, created));
      if (final === 'failed-after-paid') unique.push(fake.event('payout.failed', { ...payout, status: 'failed' }, created + 86400));
      if (final === 'paid') {
        add('assets:bank', 'general', currency, amount);
        add('assets:stripe', 'general', currency, -amount);
      }
      continue;
    }
    const currency = pick(currencies);
    const gross = scale(currency) * (5 + Math.floor(random() * 200));
    const fee = Math.floor((gross * 0.029) / unit(currency)) * unit(currency);
    const source = o.simple ? (random() < 0.5 ? 'meta' : 'none') : pick(['meta', 'checkout', 'invoice', 'none']);
    const email = pick(emails);
    const charge = fake.charge({ amount: gross, currency, fee, created, email, metadata: source === 'meta' ? { fund: o.fund } : {} });
    chargeIds.push(charge.id);
    const fund = source === 'none' ? 'general' : o.fund;
    unique.push(fake.event('charge.succeeded', charge, created));
    if (source === 'checkout')
      unique.push(fake.event('checkout.session.completed', fake.checkoutSession({ paymentIntent: charge.payment_intent, metadata: { fund: o.fund }, email }), created));
    if (source === 'invoice') {
      const sub = `sub_${charge.id.slice(3)}`;
      unique.push(
        fake.event('invoice.paid', fake.invoice({ subscription: sub, paymentIntent: charge.payment_intent, amount: gross, currency, metadata: { fund: o.fund } }), created),
      );
    }
    add('assets:stripe', fund, currency, gross - fee);
    add('expenses:fees:stripe', fund, currency, fee);
    add('income:donations:stripe', fund, currency, -gross);

    const roll = random();
    if (roll < 0.2) {
      const first = unit(currency) * Math.max(1, Math.floor(gross / unit(currency) / 3));
      unique.push(fake.event('charge.refunded', fake.refund(charge.id, first, created + 600), created + 600));
      let refunded = first;
      if (random() < 0.5) {
        unique.push(fake.event('charge.refunded', fake.refund(charge.id, gross - first, created + 1200), created + 1200));
        refunded = gross;
      }
      add('income:donations:stripe', fund, currency, refunded);
      add('assets:stripe', fund, currency, -refunded);
    } else if (roll < 0.28 && !o.simple) {
      const disputeFee = scale(currency) * 15;
      const dispute = fake.dispute(charge.id, { status: 'needs_response', fee: disputeFee, created: created + 900 });
      unique.push(fake.event('charge.dispute.created', dispute, created + 900));
      add('assets:stripe:disputed', fund, currency, gross);
      add('assets:stripe', fund, currency, -gross - disputeFee);
      add('expenses:fees:stripe', fund, currency, disputeFee);
      const outcome = pick(['won', 'lost', 'open']);
      if (outcome !== 'open') {
        unique.push(fake.event('charge.dispute.closed', fake.withStatus(dispute, outcome), created + 5000));
        add('assets:stripe:disputed', fund, currency, -gross);
        add(outcome === 'won' ? 'assets:stripe' : 'income:donations:stripe', fund, currency, gross);
      }
    }
  }

  const duplicates = o.deliveries - unique.length;
  const deliveries = [...unique];
  for (let i = 0; i < duplicates; i++) deliveries.push(pick(unique));
  for (let i = deliveries.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [deliveries[i], deliveries[j]] = [deliveries[j], deliveries[i]];
  }
  const firstIndex = new Map<string, number>();
  deliveries.forEach((e, i) => {
    const chargeId = e.type.startsWith('charge.') && !e.type.startsWith('charge.dispute') ? e.data.object.id : null;
    const key = chargeId ? `${e.type}:${chargeId}` : '';
    if (key && !firstIndex.has(key)) firstIndex.set(key, i);
  });
  let refundBeforeCharge = 0;
  for (const id of chargeIds) {
    const r = firstIndex.get(`charge.refunded:${id}`);
    const c = firstIndex.get(`charge.succeeded:${id}`);
    if (r !== undefined && c !== undefined && r < c) refundBeforeCharge++;
  }
  const firstPayout = deliveries.findIndex((e) => e.type.startsWith('payout.'));
  const lastCharge = deliveries.map((e) => e.type).lastIndexOf('charge.succeeded');
  return { deliveries, duplicates, chargeIds, payoutIds, expected, refundBeforeCharge, payoutBeforeCharges: firstPayout >= 0 && firstPayout < lastCharge };
}

/** Minor units of one whole currency unit. */
function scale(currency: string): number {
  return currency === 'JPY' ? 1 : currency === 'BHD' ? 1000 : 100;
}

/** The smallest amount step Stripe accepts (BHD amounts must end in 0). */
function unit(currency: string): number {
  return currency === 'JPY' ? 1 : currency === 'BHD' ? 10 : 1;
}

/** Sends deliveries with `concurrency` senders, signing each at send time; returns the status codes. */
export async function deliver(url: string, secret: string, deliveries: Obj[], concurrency: number): Promise<number[]> {
  const statuses: number[] = new Array(deliveries.length);
  let next = 0;
  const worker = async () => {
    while (next < deliveries.length) {
      const i = next++;
      const payload = JSON.stringify(deliveries[i]);
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': StripeFake.sign(payload, secret) }, body: payload });
      statuses[i] = res.status;
      await res.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return statuses;
}
