/**
 * The parts of Stripe's objects Coffer reads. Narrow on purpose: webhook payloads follow the
 * account's API version, so every field is treated as possibly missing, and ids may come as
 * a string or as the expanded object.
 */
export type Expandable<T> = string | T | null | undefined;

export interface StripeBalanceTransaction {
  id: string;
  amount: number;
  fee: number;
  net: number;
  currency: string;
  created: number;
  type: string;
  source?: Expandable<{ id: string }>;
}

export interface StripeCharge {
  id: string;
  amount: number;
  amount_refunded?: number;
  currency: string;
  created: number;
  paid?: boolean;
  status?: string;
  payment_intent?: Expandable<{ id: string }>;
  balance_transaction?: Expandable<StripeBalanceTransaction>;
  billing_details?: { email?: string | null; name?: string | null } | null;
  receipt_email?: string | null;
  metadata?: Record<string, string> | null;
  refunds?: { data?: { id: string; amount: number; created?: number }[] } | null;
}

export interface StripeDispute {
  id: string;
  amount: number;
  currency: string;
  charge: Expandable<StripeCharge>;
  created: number;
  status: string;
  balance_transactions?: StripeBalanceTransaction[];
}

export interface StripePayout {
  id: string;
  amount: number;
  currency: string;
  arrival_date: number;
  created: number;
  status: string;
}

export interface StripeCheckoutSession {
  id: string;
  mode: 'payment' | 'subscription' | 'setup';
  payment_intent?: Expandable<{ id: string }>;
  subscription?: Expandable<{ id: string }>;
  customer?: Expandable<{ id: string }>;
  customer_details?: { email?: string | null; name?: string | null } | null;
  customer_email?: string | null;
  metadata?: Record<string, string> | null;
  locale?: string | null;
}

export interface StripeInvoice {
  id: string;
  amount_due: number;
  amount_paid: number;
  currency: string;
  attempt_count?: number;
  next_payment_attempt?: number | null;
  customer_email?: string | null;
  customer_name?: string | null;
  subscription?: Expandable<{ id: string }>;
  payment_intent?: Expandable<{ id: string }>;
  parent?: { subscription_details?: { subscription?: Expandable<{ id: string }>; metadata?: Record<string, string> | null } | null } | null;
  payments?: { data?: { payment?: { payment_intent?: Expandable<{ id: string }> } }[] } | null;
  customer?: Expandable<{ id: string }>;
  period_start?: number | null;
  status_transitions?: { paid_at?: number | null } | null;
  lines?: { data?: { price?: StripePrice | null; plan?: StripePlan | null }[] } | null;
}

export interface StripeRecurring {
  interval?: string | null;
  interval_count?: number | null;
}

export interface StripePrice {
  unit_amount?: number | null;
  currency?: string | null;
  recurring?: StripeRecurring | null;
}

export interface StripePlan extends StripeRecurring {
  amount?: number | null;
}

export interface StripeSubscription {
  id: string;
  customer?: Expandable<{ id: string }>;
  metadata?: Record<string, string> | null;
  status?: string;
  currency?: string | null;
  created?: number | null;
  start_date?: number | null;
  canceled_at?: number | null;
  ended_at?: number | null;
  items?: { data?: { quantity?: number | null; price?: StripePrice | null; plan?: StripePlan | null }[] } | null;
}

export interface StripeEvent {
  id: string;
  type: string;
  created: number;
  data: { object: unknown };
}

export function idOf(value: Expandable<{ id: string }>): string | null {
  if (!value) return null;
  return typeof value === 'string' ? value : value.id;
}

export function expanded<T extends { id: string }>(value: Expandable<T>): T | null {
  return value && typeof value === 'object' ? value : null;
}

/** Stripe sends lower-case ISO codes; Coffer stores upper case. */
export function currencyOf(code: string): string {
  return code.toUpperCase();
}

export function dateOf(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString().slice(0, 10);
}

export function invoiceSubscription(invoice: StripeInvoice): string | null {
  return idOf(invoice.parent?.subscription_details?.subscription) ?? idOf(invoice.subscription);
}

export function invoicePaymentIntent(invoice: StripeInvoice): string | null {
  for (const p of invoice.payments?.data ?? []) {
    const pi = idOf(p.payment?.payment_intent);
    if (pi) return pi;
  }
  return idOf(invoice.payment_intent);
}
