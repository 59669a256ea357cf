import { EntityManager } from 'typeorm';

/**
 * Read-only queries over donations and Stripe subscriptions for the runway report (the
 * donations and Stripe features own those tables; nothing here writes).
 *
 * Net of fees and refunds, succeeded or partially refunded only; a refunded, failed or
 * disputed donation is not income one can count on.
 */
const NET = `(d.amount - d.fee - d.refunded_amount)`;
const COUNTED = `d.status IN ('succeeded', 'partially_refunded')`;

export interface SubscriptionIncome {
  subscriptionId: string;
  fundId: string;
  donationId: string;
  currency: string;
  net: bigint;
}

/** Each active Stripe subscription with its latest paid donation: what it brings per month. */
export async function activeSubscriptions(m: EntityManager): Promise<SubscriptionIncome[]> {
  const rows: { id: string; fund_id: string; donation_id: string; currency: string; net: string }[] = await m.query(
    `SELECT s.id, d.fund_id, d.id AS donation_id, d.currency::text AS currency, ${NET}::text AS net
     FROM stripe_subscriptions s
     JOIN LATERAL (SELECT d.* FROM donations d WHERE d.subscription_id = s.id AND ${COUNTED} ORDER BY d.received_at DESC LIMIT 1) d ON true
     WHERE s.status = 'active' ORDER BY s.id`,
  );
  return rows.map((r) => ({ subscriptionId: r.id, fundId: r.fund_id, donationId: r.donation_id, currency: r.currency, net: BigInt(r.net) }));
}

export interface MonthlyIncome {
  fundId: string;
  month: string;
  currency: string;
  net: bigint;
  donationIds: string[];
}

/** Patreon payouts per fund, month and currency since `from` (Patreon pays monthly, so the latest month is its monthly income). */
export async function patreonMonths(m: EntityManager, from: string): Promise<MonthlyIncome[]> {
  return monthly(m, `d.channel = 'patreon'`, [from, null]);
}

/** Every other donation (one-time gifts, bank standing orders, cancelled subscriptions) per fund, month and currency. */
export async function oneTimeMonths(m: EntityManager, from: string, to: string, activeSubscriptionIds: string[]): Promise<MonthlyIncome[]> {
  return monthly(m, `d.channel <> 'patreon' AND (d.subscription_id IS NULL OR NOT d.subscription_id = ANY($3::text[]))`, [from, to, activeSubscriptionIds]);
}

/** `params`: $1 from (date), $2 before (date or null), then whatever `filter` references. */
async function monthly(m: EntityManager, filter: string, params: unknown[]): Promise<MonthlyIncome[]> {
  const rows: { fund_id: string; month: string; currency: string; net: string; ids: string[] }[] = await m.query(
    `SELECT d.fund_id, to_char(d.received_at AT TIME ZONE 'UTC', 'YYYY-MM') AS month, d.currency::text AS currency,
            sum(${NET})::text AS net, array_agg(d.id ORDER BY d.received_at) AS ids
     FROM donations d
     WHERE ${COUNTED} AND ${filter} AND d.received_at >= $1::date AND ($2::date IS NULL OR d.received_at < $2::date)
     GROUP BY 1, 2, 3 ORDER BY 2, 1, 3`,
    params,
  );
  return rows.map((r) => ({ fundId: r.fund_id, month: r.month, currency: r.currency, net: BigInt(r.net), donationIds: r.ids }));
}
