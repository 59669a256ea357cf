/**
 * A local stand-in for the Stripe API (node:http on 127.0.0.1) and a builder of webhook
 * events. Every object starts as a deep copy of Stripe's own example object from
 * `shared/fixtures/stripe/api-fixtures.json` (stripe/openapi fixtures, MIT) with ids,
 * amounts, timestamps and metadata changed — nothing is invented from memory. The real
 * Stripe SDK talks to it through STRIPE_API_BASE, and webhooks are signed with the SDK's own
 * `generateTestHeaderString`.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import Stripe from 'stripe';

type Obj = Record<string, any>;

function fixturesPath(): string {
  if (process.env.STRIPE_FIXTURES) return process.env.STRIPE_FIXTURES;
  // From the repository root: ../shared/fixtures/stripe (where the project keeps shared fixtures).
  let dir = process.cwd();
  for (let i = 0; i < 4; i++) {
    const candidate = join(dir, '..', 'shared', 'fixtures', 'stripe', 'api-fixtures.json');
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  return resolve('/work/shared/fixtures/stripe/api-fixtures.json');
}

const FIXTURES: Record<string, Obj> = JSON.parse(readFileSync(fixturesPath(), 'utf8'));

export function fixture(name: string): Obj {
  if (!FIXTURES[name]) throw new Error(`no Stripe fixture "${name}"`);
  return structuredClone(FIXTURES[name]);
}

export function stripeId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('base64url').replace(/[-_]/g, 'x')}`;
}

export interface ChargeSpec {
  amount: number;
  currency: string;
  fee?: number;
  created?: number;
  email?: string | null;
  name?: string;
  metadata?: Record<string, string>;
  paymentIntent?: string | null;
}

export class StripeFake {
  /** Customer-portal sessions opened through the fake, for tests to inspect. */
  readonly portalSessions: { id: string; customer: string; return_url: string | null; url: string }[] = [];
  readonly objects = new Map<string, Obj>();
  readonly balanceTransactions: Obj[] = [];
  readonly payouts: Obj[] = [];
  readonly requests: string[] = [];
  private server!: Server;
  url = '';

  static async start(): Promise<StripeFake> {
    const fake = new StripeFake();
    fake.server = createServer((req, res) => void fake.handle(req, res));
    await new Promise<void>((ok) => fake.server.listen(0, '127.0.0.1', ok));
    fake.url = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
    return fake;
  }

  stop(): Promise<void> {
    return new Promise((ok) => this.server.close(() => ok()));
  }

  // ---- builders -------------------------------------------------------------------------

  balanceTransaction(spec: { amount: number; fee: number; currency: string; created: number; type: string; source: string }): Obj {
    const bt = fixture('balance_transaction');
    Object.assign(bt, {
      id: stripeId('txn'),
      amount: spec.amount,
      fee: spec.fee,
      net: spec.amount - spec.fee,
      currency: spec.currency.toLowerCase(),
      created: spec.created,
      available_on: spec.created + 2 * 86400,
      type: spec.type,
      reporting_category: spec.type,
      source: spec.source,
      fee_details: spec.fee ? [{ amount: spec.fee, application: null, currency: spec.currency.toLowerCase(), description: 'Stripe processing fees', type: 'stripe_fee' }] : [],
      description: null,
    });
    this.objects.set(bt.id, bt);
    this.balanceTransactions.push(bt);
    return bt;
  }

  charge(spec: ChargeSpec): Obj {
    const charge = fixture('charge');
    const created = spec.created ?? Math.floor(Date.now() / 1000);
    charge.id = stripeId('ch');
    const bt = this.balanceTransaction({ amount: spec.amount, fee: spec.fee ?? 0, currency: spec.currency, created, type: 'charge', source: charge.id });
    Object.assign(charge, {
      amount: spec.amount,
      amount_captured: spec.amount,
      amount_refunded: 0,
      refunded: false,
      captured: true,
      paid: true,
      status: 'succeeded',
      currency: spec.currency.toLowerCase(),
      created,
      balance_transaction: bt.id,
      metadata: spec.metadata ?? {},
      payment_intent: spec.paymentIntent === undefined ? stripeId('pi') : spec.paymentIntent,
      description: 'Donation',
      receipt_email: spec.email ?? null,
    });
    charge.billing_details = { ...charge.billing_details, email: spec.email ?? null, name: spec.name ?? charge.billing_details.name };
    charge.refunds = { ...charge.refunds, url: `/v1/charges/${charge.id}/refunds`, data: [] };
    this.objects.set(charge.id, charge);
    return structuredClone(charge);
  }

  /** Refunds `amount` more of a charge; returns the charge as Stripe would then show it. */
  refund(chargeId: string, amount: number, created?: number): Obj {
    const charge = this.objects.get(chargeId)!;
    const refund = fixture('refund');
    const at = created ?? charge.created + 3600;
    refund.id = stripeId('re');
    const bt = this.balanceTransaction({ amount: -amount, fee: 0, currency: charge.currency, created: at, type: 'refund', source: refund.id });
    Object.assign(refund, {
      amount,
      charge: chargeId,
      created: at,
      currency: charge.currency,
      balance_transaction: bt.id,
      payment_intent: charge.payment_intent,
      status: 'succeeded',
    });
    this.objects.set(refund.id, refund);
    charge.amount_refunded += amount;
    charge.refunded = charge.amount_refunded >= charge.amount;
    charge.refunds.data.unshift(refund);
    return structuredClone(charge);
  }

  dispute(chargeId: string, spec: { amount?: number; status: string; fee?: number; created?: number }): Obj {
    const charge = this.objects.get(chargeId)!;
    const dispute = fixture('dispute');
    const created = spec.created ?? charge.created + 7200;
    dispute.id = stripeId('dp');
    const fee = spec.fee ?? 0;
    const bts =
      fee || spec.amount
        ? [this.balanceTransaction({ amount: -(spec.amount ?? charge.amount), fee, currency: charge.currency, created, type: 'adjustment', source: dispute.id })]
        : [];
    Object.assign(dispute, {
      amount: spec.amount ?? charge.amount,
      charge: chargeId,
      currency: charge.currency,
      created,
      status: spec.status,
      payment_intent: charge.payment_intent,
      balance_transactions: bts,
    });
    this.objects.set(dispute.id, dispute);
    return structuredClone(dispute);
  }

  withStatus(dispute: Obj, status: string): Obj {
    return { ...structuredClone(dispute), status };
  }

  payout(spec: { amount: number; currency: string; status: string; created?: number; arrival?: number }): Obj {
    const payout = fixture('payout');
    const created = spec.created ?? Math.floor(Date.now() / 1000);
    payout.id = stripeId('po');
    const bt = this.balanceTransaction({ amount: -spec.amount, fee: 0, currency: spec.currency, created, type: 'payout', source: payout.id });
    Object.assign(payout, {
      amount: spec.amount,
      currency: spec.currency.toLowerCase(),
      status: spec.status,
      created,
      arrival_date: spec.arrival ?? created + 86400,
      balance_transaction: bt.id,
    });
    this.objects.set(payout.id, payout);
    this.payouts.push(payout);
    return structuredClone(payout);
  }

  checkoutSession(spec: { paymentIntent?: string | null; subscription?: string | null; metadata?: Record<string, string>; email?: string; name?: string }): Obj {
    const session = fixture('checkout.session');
    session.id = stripeId('cs_test');
    Object.assign(session, {
      mode: spec.subscription ? 'subscription' : 'payment',
      payment_intent: spec.paymentIntent ?? null,
      subscription: spec.subscription ?? null,
      metadata: spec.metadata ?? {},
      status: 'complete',
      payment_status: 'paid',
      customer_email: spec.email ?? null,
    });
    session.customer_details = { ...session.customer_details, email: spec.email ?? null, name: spec.name ?? null };
    return session;
  }

  invoice(spec: {
    subscription: string;
    paymentIntent: string;
    amount: number;
    currency: string;
    metadata?: Record<string, string>;
    email?: string;
    attempt?: number;
    next?: number | null;
  }): Obj {
    const invoice = fixture('invoice');
    invoice.id = stripeId('in');
    Object.assign(invoice, {
      amount_due: spec.amount,
      amount_paid: spec.amount,
      amount_remaining: 0,
      currency: spec.currency.toLowerCase(),
      customer_email: spec.email ?? null,
      attempt_count: spec.attempt ?? 1,
      next_payment_attempt: spec.next ?? null,
      billing_reason: 'subscription_cycle',
      status: 'paid',
      parent: { type: 'subscription_details', quote_details: null, subscription_details: { subscription: spec.subscription, metadata: spec.metadata ?? {} } },
      payments: { object: 'list', data: [{ object: 'invoice_payment', payment: { type: 'payment_intent', payment_intent: spec.paymentIntent } }], has_more: false },
    });
    return invoice;
  }

  subscription(spec: { id?: string; metadata?: Record<string, string>; status?: string }): Obj {
    const sub = fixture('subscription');
    Object.assign(sub, { id: spec.id ?? stripeId('sub'), metadata: spec.metadata ?? {}, status: spec.status ?? 'active' });
    return sub;
  }

  event(type: string, object: Obj, created?: number): Obj {
    const event = fixture('event');
    Object.assign(event, { id: stripeId('evt'), type, created: created ?? Math.floor(Date.now() / 1000), data: { object }, api_version: Stripe.API_VERSION ?? '2026-10-28' });
    return event;
  }

  static sign(payload: string, secret: string, timestamp?: number): string {
    return Stripe.webhooks.generateTestHeaderString({ payload, secret, ...(timestamp ? { timestamp } : {}) });
  }

  // ---- the fake API ---------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    this.requests.push(`${req.method} ${url.pathname}`);
    const body = await new Promise<string>((ok) => {
      let data = '';
      req.on('data', (c) => (data += c));
      req.on('end', () => ok(data));
    });
    const send = (status: number, json: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json', 'request-id': stripeId('req') });
      res.end(JSON.stringify(json));
    };
    const notFound = () => send(404, { error: { type: 'invalid_request_error', code: 'resource_missing', message: `No such object: ${url.pathname}` } });
    const parts = url.pathname.split('/').filter(Boolean); // ['v1', 'charges', 'ch_…']
    if (parts[0] !== 'v1') return notFound();
    const resource = parts[1];
    const id = parts[2];

    if (req.method === 'POST' && resource === 'checkout' && parts[2] === 'sessions') {
      const form = new URLSearchParams(body);
      const session = fixture('checkout.session');
      session.id = stripeId('cs_test');
      const metadata: Record<string, string> = {};
      for (const [k, v] of form) {
        const m = /^metadata\[(.+)\]$/.exec(k);
        if (m) metadata[m[1]] = v;
      }
      Object.assign(session, {
        mode: form.get('mode'),
        metadata,
        url: `https://checkout.stripe.com/c/pay/${session.id}`,
        status: 'open',
        payment_status: 'unpaid',
        success_url: form.get('success_url'),
        cancel_url: form.get('cancel_url'),
        customer_email: form.get('customer_email'),
        amount_total: Number(form.get('line_items[0][price_data][unit_amount]')),
        currency: form.get('line_items[0][price_data][currency]'),
      });
      this.objects.set(session.id, { ...session, _form: Object.fromEntries(form) });
      return send(200, session);
    }
    if (req.method === 'POST' && resource === 'billing_portal' && parts[2] === 'sessions') {
      const form = new URLSearchParams(body);
      const customer = form.get('customer');
      if (!customer) return send(400, { error: { type: 'invalid_request_error', message: 'Missing required param: customer.' } });
      const session = {
        id: stripeId('bps'),
        object: 'billing_portal.session',
        customer,
        return_url: form.get('return_url'),
        url: `https://billing.stripe.com/p/session/${stripeId('test')}`,
        livemode: false,
      };
      this.portalSessions.push(session);
      return send(200, session);
    }
    if (req.method !== 'GET') return notFound();
    if (id) {
      const object = this.objects.get(id);
      if (!object) return notFound();
      const copy = structuredClone(object);
      if (url.searchParams.getAll('expand[]').includes('balance_transaction') && typeof copy.balance_transaction === 'string') {
        copy.balance_transaction = structuredClone(this.objects.get(copy.balance_transaction));
      }
      return send(200, copy);
    }
    const list = resource === 'balance_transactions' ? this.balanceTransactions : resource === 'payouts' ? this.payouts : null;
    if (!list) return notFound();
    const gte = Number(url.searchParams.get('created[gte]') ?? 0);
    const limit = Math.min(Number(url.searchParams.get('limit') ?? 10), 100);
    const after = url.searchParams.get('starting_after');
    // Stripe lists newest first.
    let items = list.filter((o) => o.created >= gte).sort((a, b) => b.created - a.created || (a.id < b.id ? 1 : -1));
    if (after) items = items.slice(items.findIndex((o) => o.id === after) + 1);
    send(200, { object: 'list', url: `/v1/${resource}`, has_more: items.length > limit, data: items.slice(0, limit) });
  }
}
