import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Env } from '../config/env.validation.js';
import { TransactionService } from '../database/transaction.service.js';
import type { Locale } from '../email/email-template.js';
import { FundsService } from '../funds/funds.service.js';
import { CheckoutDto } from './checkout.dto.js';
import { StripeClient } from './stripe.client.js';
import { StripeException } from './stripe.exception.js';

/**
 * `POST /api/v1/donate/checkout`: a Stripe Checkout session for a one-time or monthly
 * donation. Fund, sponsor email and locale travel in metadata on the session AND on the
 * payment intent or subscription it creates, so every later event can find them.
 */
@Injectable()
export class CheckoutService {
  private readonly appUrl: string;

  constructor(
    private readonly client: StripeClient,
    private readonly funds: FundsService,
    private readonly tx: TransactionService,
    config: ConfigService<Env, true>,
  ) {
    this.appUrl = config.get('APP_URL', { infer: true });
  }

  async create(dto: CheckoutDto, locale: Locale): Promise<{ id: string; url: string | null }> {
    // The donor's own mistake first: an unknown fund is a 400 whether or not Stripe is configured.
    const fund = dto.fund ?? 'general';
    await this.funds.idFor(this.tx.manager, fund);
    const api = this.client.require();
    const monthly = dto.interval === 'month';
    const metadata: Record<string, string> = { fund, locale, ...(dto.email ? { email: dto.email } : {}), ...(dto.name ? { name: dto.name } : {}) };
    try {
      const session = await api.checkout.sessions.create({
        mode: monthly ? 'subscription' : 'payment',
        line_items: [
          {
            quantity: 1,
            price_data: {
              currency: dto.currency.toLowerCase(),
              unit_amount: dto.amount,
              product_data: { name: monthly ? `Monthly donation (${fund})` : `Donation (${fund})` },
              ...(monthly ? { recurring: { interval: 'month' as const } } : {}),
            },
          },
        ],
        customer_email: dto.email,
        metadata,
        ...(monthly ? { subscription_data: { metadata } } : { payment_intent_data: { metadata } }),
        locale: locale === 'de' ? 'de' : 'en',
        success_url: `${this.appUrl}/donate/thanks?session={CHECKOUT_SESSION_ID}`,
        cancel_url: `${this.appUrl}/donate/cancelled`,
      });
      return { id: session.id, url: session.url ?? null };
    } catch (error) {
      throw StripeException.upstream(error instanceof Error ? error.message : String(error));
    }
  }
}
