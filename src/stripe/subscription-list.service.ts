import { Injectable } from '@nestjs/common';
import { toSafeNumber } from '../common/money/money.js';
import { TransactionService } from '../database/transaction.service.js';
import { BillingInterval, monthlyAmount } from './subscription-amount.js';
import { SubscriptionsQuery, SubscriptionState } from './subscriptions.dto.js';

/**
 * A subscription's state, from what Stripe told us: `cancelled` once deleted (or expired
 * before its first payment), `failing` while Stripe says it is past due or unpaid, or its last
 * failed attempt is newer than its last payment; `active` otherwise.
 */
const STATE_SQL = `CASE
  WHEN s.status IN ('canceled', 'incomplete_expired') OR s.canceled_at IS NOT NULL THEN 'cancelled'
  WHEN s.status IN ('past_due', 'unpaid') OR lf.last_failed_at > COALESCE(GREATEST(s.last_paid_at, lp.last_paid_at), '-infinity') THEN 'failing'
  ELSE 'active' END`;

const FROM_SQL = `
  FROM stripe_subscriptions s
  LEFT JOIN LATERAL (SELECT max(f.failed_at) AS last_failed_at FROM stripe_subscription_failures f WHERE f.subscription_id = s.id) lf ON true
  LEFT JOIN LATERAL (
    SELECT max(d.received_at) FILTER (WHERE d.status <> 'failed') AS last_paid_at,
           (array_agg(d.sponsor_id ORDER BY d.received_at DESC) FILTER (WHERE d.sponsor_id IS NOT NULL))[1] AS sponsor_id,
           (array_agg(d.amount ORDER BY d.received_at DESC))[1] AS amount, (array_agg(d.currency ORDER BY d.received_at DESC))[1] AS currency
    FROM donations d WHERE d.channel = 'stripe' AND d.subscription_id = s.id) lp ON true
  LEFT JOIN sponsors sp ON sp.id = COALESCE(lp.sponsor_id, (SELECT x.id FROM sponsors x WHERE lower(x.email) = lower(s.sponsor_email)))`;

interface Row {
  id: string;
  state: SubscriptionState;
  stripe_status: string;
  customer_id: string | null;
  fund: string | null;
  amount: string | null;
  currency: string | null;
  billing_interval: BillingInterval | null;
  interval_count: number | null;
  started_at: Date | null;
  last_paid_at: Date | null;
  canceled_at: Date | null;
  sponsor_id: string | null;
  sponsor_name: string | null;
  sponsor_email: string | null;
  failures: { invoiceId: string; attempt: number; amount: string; currency: string; failedAt: string; nextAttemptAt: string | null }[];
}

/** `GET /api/v1/subscriptions`: recurring Stripe donations as the treasurer and board see them. */
@Injectable()
export class SubscriptionListService {
  constructor(private readonly tx: TransactionService) {}

  async list(q: SubscriptionsQuery) {
    const since = q.failedSince ? new Date(q.failedSince) : new Date(Date.now() - 30 * 86_400_000);
    const m = this.tx.manager;
    const filter = `($1::text IS NULL OR ${STATE_SQL} = $1)`;
    const [{ total }] = await m.query(`SELECT count(*)::int AS total ${FROM_SQL} WHERE ${filter}`, [q.state ?? null]);
    const rows: Row[] = await m.query(
      `SELECT s.id, ${STATE_SQL} AS state, s.status AS stripe_status, s.customer_id, s.fund_code AS fund,
              COALESCE(s.amount, lp.amount)::text AS amount, COALESCE(s.currency, lp.currency)::text AS currency, s.billing_interval, s.interval_count,
              s.started_at, GREATEST(s.last_paid_at, lp.last_paid_at) AS last_paid_at, s.canceled_at,
              sp.id AS sponsor_id, COALESCE(sp.name, s.sponsor_name) AS sponsor_name, COALESCE(sp.email, s.sponsor_email) AS sponsor_email,
              COALESCE((SELECT json_agg(json_build_object('invoiceId', f.invoice_id, 'attempt', f.attempt, 'amount', f.amount::text, 'currency', f.currency,
                                                          'failedAt', f.failed_at, 'nextAttemptAt', f.next_attempt_at) ORDER BY f.failed_at DESC)
                        FROM stripe_subscription_failures f WHERE f.subscription_id = s.id AND f.failed_at >= $2), '[]') AS failures
       ${FROM_SQL} WHERE ${filter}
       ORDER BY s.created_at DESC, s.id OFFSET $3 LIMIT $4`,
      [q.state ?? null, since, q.offset, q.limit],
    );
    const items = rows.map(toSubscription);
    const recentFailures = items.flatMap((s) => s.recentFailures.map((f) => ({ subscriptionId: s.id, sponsor: s.sponsor, ...f })));
    return { items, total, page: q.page, limit: q.limit, failedSince: since.toISOString(), recentFailures };
  }
}

function toSubscription(r: Row) {
  // Coffer's own checkout only sells monthly subscriptions, so an interval Stripe never named is a month.
  const interval = r.billing_interval ?? 'month';
  const count = r.interval_count ?? 1;
  return {
    id: r.id,
    state: r.state,
    stripeStatus: r.stripe_status,
    customerId: r.customer_id,
    sponsor: r.sponsor_id || r.sponsor_email ? { id: r.sponsor_id, name: r.sponsor_name, email: r.sponsor_email } : null,
    fund: r.fund ?? 'general',
    amount: r.amount === null ? null : toSafeNumber(r.amount),
    currency: r.currency,
    interval,
    intervalCount: count,
    monthlyAmount: r.amount === null ? null : toSafeNumber(monthlyAmount(BigInt(r.amount), interval, count)),
    startedAt: r.started_at,
    lastPaymentAt: r.last_paid_at,
    cancelledAt: r.canceled_at,
    recentFailures: r.failures.map((f) => ({ ...f, amount: toSafeNumber(f.amount) })),
  };
}
