import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EntityManager, QueryFailedError } from 'typeorm';
import type { Env } from '../config/env.validation.js';
import { TransactionService } from '../database/transaction.service.js';
import { ChargeBatcher } from './charge-batcher.js';
import { bookableInOneCall, chargeBooking } from './charge-booking.js';
import { ChargeHandler, heldLocks, IGNORED, Outcome } from './charge.handler.js';
import { PayoutHandler } from './payout.handler.js';
import { eventShapeProblem } from './event-shape.js';
import { StripeClient } from './stripe.client.js';
import { StripeException } from './stripe.exception.js';
import {
  expanded,
  idOf,
  StripeBalanceTransaction,
  StripeCharge,
  StripeCheckoutSession,
  StripeDispute,
  StripeEvent,
  StripeInvoice,
  StripePayout,
  StripeSubscription,
} from './stripe-objects.js';
import { SubscriptionHandler } from './subscription.handler.js';

/** What the SDK fetched before the transaction opened (never hold a transaction across an HTTP call). */
interface Prefetched {
  balanceTransaction: StripeBalanceTransaction | null;
  charge: StripeCharge | null;
}

const RETRYABLE = new Set(['40001', '40P01']);
/** Raised by stripe_book_charge before it wrote anything: this charge needs ChargeHandler. */
const GENERAL_PATH = 'CF001';
/** stripe_book_charges' answer for an event that raised CF001. */
const GENERAL = 'general';

const codeOf = (error: unknown) => (error instanceof QueryFailedError ? (error.driverError as { code?: string }).code : undefined);

/**
 * Stripe webhooks: verify the signature on the raw bytes, then in ONE transaction store the
 * event id (primary key) and apply it. A repeated delivery finds its id and changes nothing;
 * one delivered twice at once waits on the key and then does the same. Handlers make every
 * event type safe in any order (see ChargeHandler, SubscriptionHandler, PayoutHandler).
 */
@Injectable()
export class StripeWebhookService {
  private readonly logger = new Logger('StripeWebhooks');
  private readonly base: string;
  private readonly host: string;

  constructor(
    private readonly client: StripeClient,
    private readonly tx: TransactionService,
    private readonly batcher: ChargeBatcher,
    private readonly charges: ChargeHandler,
    private readonly subscriptions: SubscriptionHandler,
    private readonly payouts: PayoutHandler,
    config: ConfigService<Env, true>,
  ) {
    this.base = config.get('BASE_CURRENCY', { infer: true });
    // Same Message-ID host as OutboxService.enqueue.
    this.host = new URL(config.get('APP_URL', { infer: true })).hostname || 'coffer.local';
  }

  async receive(rawBody: Buffer | undefined, signature: string | string[] | undefined, parsedJson?: unknown): Promise<{ received: true; duplicate: boolean; outcome: string }> {
    const verified = this.client.verify(rawBody, signature, parsedJson);
    const problem = eventShapeProblem(verified);
    if (problem) throw StripeException.malformedEvent(problem);
    const event = verified as StripeEvent;
    if (bookableInOneCall(event, !!this.client.api)) {
      const booked = await this.bookCharge(event);
      if (booked) return booked;
    }
    const [seen] = await this.tx.manager.query(`SELECT outcome FROM stripe_events WHERE id = $1`, [event.id]);
    if (seen) return { received: true, duplicate: true, outcome: seen.outcome };
    const prefetched = await this.prefetch(event);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.apply(event, prefetched);
      } catch (error) {
        const code = codeOf(error);
        if (!code || !RETRYABLE.has(code) || attempt >= 5) throw error;
        this.logger.warn(`event ${event.id}: ${code}, retrying (${attempt})`);
      }
    }
  }

  /**
   * A charge event in one statement, shared with the other charge events that arrive meanwhile
   * (ChargeBatcher): it commits (the balance trigger included) or leaves nothing. When the batch
   * fails as a whole, or inside an open transaction, the event is booked alone by
   * `stripe_book_charge`. Null when the charge needs the general path.
   */
  private async bookCharge(event: StripeEvent): Promise<{ received: true; duplicate: boolean; outcome: string } | null> {
    const booking = chargeBooking(event, this.base, this.host);
    let outcome: string | undefined;
    if (!this.tx.inTransaction) {
      outcome = await this.batcher.book(booking).catch((error: unknown) => {
        this.logger.warn(`event ${event.id}: its batch failed (${codeOf(error) ?? (error as Error).message}), booking it alone`);
        return undefined;
      });
    }
    outcome ??= await this.bookAlone(event, JSON.stringify(booking));
    if (outcome === GENERAL) return null;
    if (outcome.startsWith('duplicate:')) return { received: true, duplicate: true, outcome: outcome.slice('duplicate:'.length) };
    return { received: true, duplicate: false, outcome };
  }

  private async bookAlone(event: StripeEvent, booking: string): Promise<string> {
    for (let attempt = 1; ; attempt++) {
      try {
        const [{ outcome }]: { outcome: string }[] = await this.tx.manager.query(`SELECT stripe_book_charge($1::jsonb) AS outcome`, [booking]);
        return outcome;
      } catch (error) {
        const code = codeOf(error);
        if (code === GENERAL_PATH) return GENERAL;
        if (!code || !RETRYABLE.has(code) || attempt >= 5) throw error;
        this.logger.warn(`event ${event.id}: ${code}, retrying (${attempt})`);
      }
    }
  }

  /** Applies an event in its own transaction; also used by the sync to replay what it finds. */
  apply(event: StripeEvent, prefetched: Prefetched = { balanceTransaction: null, charge: null }) {
    return this.tx.run(async (m) => {
      // Stores the event id and, when new, takes the payment's locks, in one round trip.
      const locks = eventLocks(event);
      const [{ inserted }] = await m.query(
        `WITH ins AS (
           INSERT INTO stripe_events (id, type, created_at_stripe, outcome) VALUES ($1, $2, to_timestamp($3), 'applied')
           ON CONFLICT (id) DO NOTHING RETURNING id)
         SELECT EXISTS (SELECT 1 FROM ins) AS inserted,
                (SELECT count(pg_advisory_xact_lock(hashtextextended(k, 0))) FROM unnest($4::text[]) AS k WHERE EXISTS (SELECT 1 FROM ins)) AS locked`,
        [event.id, event.type, event.created, locks],
      );
      if (!inserted) return { received: true as const, duplicate: true, outcome: 'duplicate' };
      for (const key of locks) heldLocks(m).add(key);
      const outcome = await this.dispatch(m, event, prefetched);
      if (outcome.kind !== 'applied') {
        await m.query(`UPDATE stripe_events SET outcome = $2, waiting_for = $3, payload = $4 WHERE id = $1`, [
          event.id,
          outcome.kind,
          outcome.kind === 'waiting' ? outcome.for : null,
          outcome.kind === 'waiting' ? JSON.stringify(event.data.object) : null,
        ]);
      }
      return { received: true as const, duplicate: false, outcome: outcome.kind };
    });
  }

  private dispatch(m: EntityManager, event: StripeEvent, pre: Prefetched): Promise<Outcome> {
    const object = event.data.object;
    switch (event.type) {
      case 'charge.succeeded':
      case 'charge.refunded':
        return this.charges.applyCharge(m, object as StripeCharge, pre.balanceTransaction, event.created);
      case 'charge.dispute.created':
      case 'charge.dispute.updated':
      case 'charge.dispute.closed':
        return this.charges.applyDispute(m, object as StripeDispute, pre.charge);
      case 'checkout.session.completed':
        return this.subscriptions.checkoutCompleted(m, object as StripeCheckoutSession);
      case 'invoice.paid':
        return this.subscriptions.invoicePaid(m, object as StripeInvoice, event.created);
      case 'invoice.payment_failed':
        return this.subscriptions.paymentFailed(m, object as StripeInvoice, event.created);
      case 'customer.subscription.created':
      case 'customer.subscription.updated':
        return this.subscriptions.subscriptionChanged(m, object as StripeSubscription, event.created);
      case 'customer.subscription.deleted':
        return this.subscriptions.subscriptionDeleted(m, object as StripeSubscription, event.created);
      case 'payout.paid':
      case 'payout.failed':
        return this.payouts.apply(m, object as StripePayout, event.type);
      default:
        return Promise.resolve(IGNORED);
    }
  }

  /**
   * Fees come from the charge's balance transaction, which webhooks carry only as an id; with
   * an API key it is fetched here. Without one the gross is booked with the fee pending and
   * `POST /stripe/sync` completes it. A dispute for an unknown charge fetches the charge.
   */
  private async prefetch(event: StripeEvent): Promise<Prefetched> {
    const api = this.client.api;
    const none: Prefetched = { balanceTransaction: null, charge: null };
    if (!api) return none;
    if (event.type === 'charge.succeeded' || event.type === 'charge.refunded') {
      const charge = event.data.object as StripeCharge;
      const btId = idOf(charge.balance_transaction);
      if (!btId || expanded(charge.balance_transaction)) return none;
      const [known] = await this.tx.manager.query(`SELECT fee_pending FROM donations WHERE channel = 'stripe' AND external_id = $1`, [charge.id]);
      if (known && !known.fee_pending) return none;
      const bt = await api.balanceTransactions.retrieve(btId);
      return { balanceTransaction: bt as unknown as StripeBalanceTransaction, charge: null };
    }
    if (event.type.startsWith('charge.dispute.')) {
      const chargeId = idOf((event.data.object as StripeDispute).charge);
      if (!chargeId) return none;
      const [known] = await this.tx.manager.query(`SELECT 1 FROM donations WHERE channel = 'stripe' AND external_id = $1`, [chargeId]);
      if (known) return none;
      const charge = await api.charges.retrieve(chargeId, { expand: ['balance_transaction'] });
      return { balanceTransaction: null, charge: charge as unknown as StripeCharge };
    }
    return none;
  }
}

/** The advisory locks an event's handler will take (same keys and order as the handlers use). */
function eventLocks(event: StripeEvent): string[] {
  const o = event.data.object as Record<string, unknown>;
  const key = (prefix: string, value: unknown) => {
    const id = idOf(value as string | { id: string } | null);
    return id ? [`stripe:${prefix}:${id}`] : [];
  };
  if (event.type === 'charge.succeeded' || event.type === 'charge.refunded') return [...key('pi', o.payment_intent), ...key('ch', o.id)];
  if (event.type.startsWith('charge.dispute.')) return key('ch', o.charge);
  if (event.type === 'payout.paid' || event.type === 'payout.failed') return key('po', o.id);
  if (event.type === 'checkout.session.completed' && o.mode === 'payment') return key('pi', o.payment_intent);
  return [];
}
