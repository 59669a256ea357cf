import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EntityManager } from 'typeorm';
import type { Env } from '../config/env.validation.js';
import { formatMoney } from '../common/money/money.js';
import { DonationAdjustmentsService } from '../donations/donation-adjustments.service.js';
import { EmailTemplate, Locale } from '../email/email-template.js';
import { OutboxService } from '../email/outbox.service.js';
import { catalogs } from '../i18n/catalogs.js';
import { catalogLabel } from '../i18n/labels.js';
import { DonorLinksService } from '../sponsors/donor-links.service.js';
import { SponsorsService } from '../sponsors/sponsors.service.js';
import { SubscriptionRecords } from './subscription-records.js';
import { APPLIED, ChargeHandler, IGNORED, lockKeys, Outcome } from './charge.handler.js';
import { currencyOf, idOf, invoicePaymentIntent, invoiceSubscription, StripeCheckoutSession, StripeInvoice, StripeSubscription } from './stripe-objects.js';

interface Context {
  fund?: string | null;
  email?: string | null;
  name?: string | null;
  locale?: string | null;
  subscriptionId?: string | null;
  recurring?: boolean;
}

/**
 * What checkout sessions, invoices and subscriptions say about a payment: its fund, its
 * sponsor, whether it recurs. Kept per payment intent (and per subscription), and applied to
 * the donation whether the charge arrived before or after — the books end up the same.
 */
@Injectable()
export class SubscriptionHandler {
  private readonly donateUrl: string;

  constructor(
    private readonly charges: ChargeHandler,
    private readonly adjustments: DonationAdjustmentsService,
    private readonly sponsors: SponsorsService,
    private readonly outbox: OutboxService,
    private readonly records: SubscriptionRecords,
    private readonly donorLinks: DonorLinksService,
    config: ConfigService<Env, true>,
  ) {
    // Validated at start-up; defaults to APP_URL + /donate.
    this.donateUrl = config.get('DONATE_URL', { infer: true })!;
  }

  async checkoutCompleted(m: EntityManager, s: StripeCheckoutSession): Promise<Outcome> {
    const ctx: Context = {
      fund: s.metadata?.fund,
      email: s.customer_details?.email ?? s.customer_email ?? s.metadata?.email,
      name: s.customer_details?.name ?? s.metadata?.name,
      locale: s.metadata?.locale ?? s.locale,
    };
    const subscriptionId = idOf(s.subscription);
    if (s.mode === 'subscription' && subscriptionId) {
      await this.rememberSubscription(m, subscriptionId, idOf(s.customer), ctx);
      const donations: { id: string }[] = await m.query(`SELECT id FROM donations WHERE channel = 'stripe' AND subscription_id = $1`, [subscriptionId]);
      for (const d of donations) await this.applyToDonation(m, d.id, { ...ctx, subscriptionId, recurring: true });
      return APPLIED;
    }
    const pi = idOf(s.payment_intent);
    if (!pi) return IGNORED;
    await this.remember(m, pi, ctx);
    return APPLIED;
  }

  async invoicePaid(m: EntityManager, invoice: StripeInvoice, eventCreated: number): Promise<Outcome> {
    const subscriptionId = invoiceSubscription(invoice);
    await this.records.paid(m, invoice, eventCreated);
    const pi = invoicePaymentIntent(invoice);
    if (!pi) return IGNORED;
    const meta = invoice.parent?.subscription_details?.metadata ?? {};
    const [sub] = subscriptionId ? await m.query(`SELECT * FROM stripe_subscriptions WHERE id = $1`, [subscriptionId]) : [];
    await this.remember(m, pi, {
      fund: sub?.fund_code ?? meta.fund,
      email: sub?.sponsor_email ?? invoice.customer_email ?? meta.email,
      name: sub?.sponsor_name ?? invoice.customer_name ?? meta.name,
      locale: sub?.locale ?? meta.locale,
      subscriptionId,
      recurring: true,
    });
    return APPLIED;
  }

  /** Merges what is known about a payment intent and applies it to its donation if recorded. */
  private async remember(m: EntityManager, pi: string, ctx: Context): Promise<void> {
    await lockKeys(m, [`stripe:pi:${pi}`]);
    await m.query(
      `INSERT INTO stripe_payment_context (payment_intent, fund_code, sponsor_email, sponsor_name, locale, subscription_id, recurring)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (payment_intent) DO UPDATE SET fund_code = COALESCE(EXCLUDED.fund_code, stripe_payment_context.fund_code),
         sponsor_email = COALESCE(EXCLUDED.sponsor_email, stripe_payment_context.sponsor_email),
         sponsor_name = COALESCE(EXCLUDED.sponsor_name, stripe_payment_context.sponsor_name),
         locale = COALESCE(EXCLUDED.locale, stripe_payment_context.locale),
         subscription_id = COALESCE(EXCLUDED.subscription_id, stripe_payment_context.subscription_id),
         recurring = stripe_payment_context.recurring OR EXCLUDED.recurring, updated_at = now()`,
      [pi, ctx.fund ?? null, ctx.email ?? null, ctx.name ?? null, ctx.locale ?? null, ctx.subscriptionId ?? null, ctx.recurring ?? false],
    );
    const [merged] = await m.query(`SELECT * FROM stripe_payment_context WHERE payment_intent = $1`, [pi]);
    const [donation] = await m.query(`SELECT id FROM donations WHERE channel = 'stripe' AND payment_intent = $1`, [pi]);
    if (donation) {
      await this.applyToDonation(m, donation.id, {
        fund: merged.fund_code,
        email: merged.sponsor_email,
        name: merged.sponsor_name,
        locale: merged.locale,
        subscriptionId: merged.subscription_id,
        recurring: merged.recurring,
      });
    }
  }

  private async applyToDonation(m: EntityManager, donationId: string, ctx: Context): Promise<void> {
    const sponsorId = ctx.email ? (await this.sponsors.findOrCreate(m, { email: ctx.email, name: ctx.name, locale: ctx.locale })).id : null;
    if (ctx.fund) {
      const fundId = await this.charges.fundId(m, ctx.fund);
      await this.adjustments.moveToFund(m, donationId, fundId, new Date().toISOString().slice(0, 10));
    }
    await this.adjustments.attachContext(m, donationId, { sponsorId, recurring: ctx.recurring, subscriptionId: ctx.subscriptionId });
  }

  private async rememberSubscription(m: EntityManager, id: string, customer: string | null, ctx: Context): Promise<void> {
    await m.query(
      `INSERT INTO stripe_subscriptions (id, customer_id, fund_code, sponsor_email, sponsor_name, locale) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (id) DO UPDATE SET customer_id = COALESCE(EXCLUDED.customer_id, stripe_subscriptions.customer_id),
         fund_code = COALESCE(EXCLUDED.fund_code, stripe_subscriptions.fund_code),
         sponsor_email = COALESCE(EXCLUDED.sponsor_email, stripe_subscriptions.sponsor_email),
         sponsor_name = COALESCE(EXCLUDED.sponsor_name, stripe_subscriptions.sponsor_name),
         locale = COALESCE(EXCLUDED.locale, stripe_subscriptions.locale), updated_at = now()`,
      [id, customer, ctx.fund ?? null, ctx.email ?? null, ctx.name ?? null, ctx.locale ?? null],
    );
  }

  async paymentFailed(m: EntityManager, invoice: StripeInvoice, eventCreated: number): Promise<Outcome> {
    const subscriptionId = invoiceSubscription(invoice);
    await this.records.failed(m, invoice, eventCreated);
    const who = await this.recipient(m, subscriptionId, invoice.customer_email ?? invoice.parent?.subscription_details?.metadata?.email);
    if (!who) return IGNORED;
    const retry = invoice.next_payment_attempt
      ? catalogs().t(who.locale, 'email:recurring-donation-failed.nextAttempt', { date: new Date(invoice.next_payment_attempt * 1000).toISOString().slice(0, 10) })
      : catalogs().t(who.locale, 'email:recurring-donation-failed.noMoreAttempts');
    // The donor can put a new card in themselves (Stripe's customer portal, through a signed link).
    const manageUrl = await this.donorLinks.manageRef(m, who.sponsorId);
    await this.outbox.enqueue(m, {
      template: EmailTemplate.RecurringDonationFailed,
      to: who.email,
      locale: who.locale,
      dedupeKey: `recurring-failed:${invoice.id}:${invoice.attempt_count ?? 0}`,
      props: {
        name: who.name,
        amount: formatMoney(invoice.amount_due, currencyOf(invoice.currency), who.locale),
        fund: who.fund,
        retryInfo: retry,
        ...(manageUrl ? { manageUrl } : {}),
      },
    });
    return APPLIED;
  }

  /** `customer.subscription.created|updated`: its amount, interval and status, for the staff list. */
  async subscriptionChanged(m: EntityManager, sub: StripeSubscription, eventCreated: number): Promise<Outcome> {
    await this.records.subscription(m, sub, eventCreated, false);
    return APPLIED;
  }

  async subscriptionDeleted(m: EntityManager, sub: StripeSubscription, eventCreated: number): Promise<Outcome> {
    await this.records.subscription(m, sub, eventCreated, true);
    const who = await this.recipient(m, sub.id, sub.metadata?.email);
    if (!who) return IGNORED;
    const [last] = await m.query(`SELECT amount::text, currency FROM donations WHERE subscription_id = $1 ORDER BY received_at DESC LIMIT 1`, [sub.id]);
    const money = last ? { amount: BigInt(last.amount), currency: last.currency } : null;
    await this.outbox.enqueue(m, {
      template: EmailTemplate.RecurringDonationCancelled,
      to: who.email,
      locale: who.locale,
      dedupeKey: `recurring-cancelled:${sub.id}`,
      props: { name: who.name, amount: money ? formatMoney(money.amount, money.currency, who.locale) : '', fund: who.fund, donateUrl: this.donateUrl },
    });
    return APPLIED;
  }

  /** The sponsor behind a subscription: the one its donations name, else the email the checkout gave. */
  private async recipient(
    m: EntityManager,
    subscriptionId: string | null,
    fallbackEmail?: string | null,
  ): Promise<{ email: string; name: string; locale: Locale; fund: string; sponsorId?: string } | null> {
    const [row] = await m.query(
      `SELECT s.id, s.email, s.name, s.locale, f.code AS "fundCode", f.name AS fund FROM donations d JOIN sponsors s ON s.id = d.sponsor_id JOIN funds f ON f.id = d.fund_id
       WHERE d.subscription_id = $1 ORDER BY d.received_at DESC LIMIT 1`,
      [subscriptionId],
    );
    if (row) return { email: row.email, name: row.name, locale: row.locale, fund: catalogLabel(row.locale, 'funds', row.fundCode, row.fund), sponsorId: row.id };
    const [sub] = subscriptionId ? await m.query(`SELECT sponsor_email, sponsor_name, locale, fund_code FROM stripe_subscriptions WHERE id = $1`, [subscriptionId]) : [];
    const email = sub?.sponsor_email ?? fallbackEmail;
    if (!email) return null;
    const [sponsor] = await m.query(`SELECT email, name, locale FROM sponsors WHERE lower(email) = lower($1)`, [email]);
    const locale: Locale = (sponsor?.locale ?? sub?.locale) === 'de' ? 'de' : 'en';
    return { email, name: sponsor?.name ?? sub?.sponsor_name ?? email, locale, fund: catalogLabel(locale, 'funds', sub?.fund_code ?? 'general') };
  }
}
