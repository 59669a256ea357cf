import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { isBillingInterval } from './subscription-amount.js';
import { currencyOf, idOf, invoiceSubscription, StripeInvoice, StripeSubscription } from './stripe-objects.js';

/** What Stripe says a subscription costs; any part may be unknown. */
interface Terms {
  amount?: number | null;
  currency?: string | null;
  interval?: string | null;
  intervalCount?: number | null;
  fund?: string | null;
  email?: string | null;
  startedAt?: number | null;
}

const SECONDS = (s: number | null | undefined) => (s ? new Date(s * 1000) : null);

/**
 * Keeps `stripe_subscriptions` and `stripe_subscription_failures` up to date from the
 * subscription and invoice events, whatever order they arrive in: each fact is merged (a known
 * value is never overwritten by an unknown one, `started_at` only moves earlier, `last_paid_at`
 * only later, a cancellation is never undone by an older update), so the list staff read is the
 * same for any delivery order and any number of repeats.
 */
@Injectable()
export class SubscriptionRecords {
  async paid(m: EntityManager, invoice: StripeInvoice, eventCreated: number): Promise<void> {
    const id = invoiceSubscription(invoice);
    if (!id) return;
    const paidAt = invoice.status_transitions?.paid_at ?? eventCreated;
    await this.upsert(m, id, idOf(invoice.customer), { ...invoiceTerms(invoice), amount: invoice.amount_paid, startedAt: invoice.period_start ?? paidAt });
    await m.query(`UPDATE stripe_subscriptions SET last_paid_at = GREATEST(last_paid_at, $2) WHERE id = $1`, [id, SECONDS(paidAt)]);
  }

  async failed(m: EntityManager, invoice: StripeInvoice, eventCreated: number): Promise<void> {
    const id = invoiceSubscription(invoice);
    if (!id) return;
    await this.upsert(m, id, idOf(invoice.customer), { ...invoiceTerms(invoice), amount: invoice.amount_due, startedAt: invoice.period_start ?? null });
    await m.query(
      `INSERT INTO stripe_subscription_failures (invoice_id, attempt, subscription_id, amount, currency, failed_at, next_attempt_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
      [invoice.id, invoice.attempt_count ?? 0, id, invoice.amount_due, currencyOf(invoice.currency), SECONDS(eventCreated), SECONDS(invoice.next_payment_attempt)],
    );
  }

  /** `customer.subscription.created|updated|deleted`: the subscription's own terms and status. */
  async subscription(m: EntityManager, sub: StripeSubscription, eventCreated: number, deleted: boolean): Promise<void> {
    const item = sub.items?.data?.[0];
    const price = item?.price;
    const recurring = price?.recurring ?? item?.plan ?? null;
    const unit = price?.unit_amount ?? item?.plan?.amount ?? null;
    await this.upsert(m, sub.id, idOf(sub.customer), {
      amount: unit === null || unit === undefined ? null : unit * (item?.quantity ?? 1),
      currency: price?.currency ?? sub.currency ?? null,
      interval: recurring?.interval ?? null,
      intervalCount: recurring?.interval_count ?? null,
      fund: sub.metadata?.fund ?? null,
      email: sub.metadata?.email ?? null,
      startedAt: sub.start_date ?? sub.created ?? null,
    });
    const canceled = deleted || sub.status === 'canceled' || sub.status === 'incomplete_expired';
    if (canceled) {
      const at = sub.ended_at ?? sub.canceled_at ?? eventCreated;
      await m.query(`UPDATE stripe_subscriptions SET status = 'canceled', canceled_at = COALESCE(canceled_at, $2), updated_at = now() WHERE id = $1`, [sub.id, SECONDS(at)]);
    } else if (sub.status) {
      await m.query(`UPDATE stripe_subscriptions SET status = $2, updated_at = now() WHERE id = $1 AND status <> 'canceled'`, [sub.id, sub.status]);
    }
  }

  private async upsert(m: EntityManager, id: string, customer: string | null, t: Terms): Promise<void> {
    const interval = isBillingInterval(t.interval) ? t.interval : null;
    await m.query(
      `INSERT INTO stripe_subscriptions (id, customer_id, fund_code, sponsor_email, amount, currency, billing_interval, interval_count, started_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (id) DO UPDATE SET customer_id = COALESCE(stripe_subscriptions.customer_id, EXCLUDED.customer_id),
         fund_code = COALESCE(stripe_subscriptions.fund_code, EXCLUDED.fund_code),
         sponsor_email = COALESCE(stripe_subscriptions.sponsor_email, EXCLUDED.sponsor_email),
         amount = COALESCE(EXCLUDED.amount, stripe_subscriptions.amount), currency = COALESCE(EXCLUDED.currency, stripe_subscriptions.currency),
         billing_interval = COALESCE(EXCLUDED.billing_interval, stripe_subscriptions.billing_interval),
         interval_count = COALESCE(EXCLUDED.interval_count, stripe_subscriptions.interval_count),
         started_at = LEAST(stripe_subscriptions.started_at, EXCLUDED.started_at), updated_at = now()`,
      [
        id,
        customer,
        t.fund ?? null,
        t.email ?? null,
        t.amount ?? null,
        t.currency ? currencyOf(t.currency) : null,
        interval,
        interval ? (t.intervalCount ?? 1) : null,
        SECONDS(t.startedAt),
      ],
    );
  }
}

/** An invoice's billing interval, when its line carries the price (older API versions) or the plan. */
function invoiceTerms(invoice: StripeInvoice): Terms {
  const line = invoice.lines?.data?.[0];
  const recurring = line?.price?.recurring ?? line?.plan ?? null;
  const meta = invoice.parent?.subscription_details?.metadata ?? {};
  return {
    currency: invoice.currency,
    interval: recurring?.interval ?? null,
    intervalCount: recurring?.interval_count ?? null,
    fund: meta.fund ?? null,
    email: invoice.customer_email ?? meta.email ?? null,
  };
}
