import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AccessTokenService } from '../auth/access-token.js';
import type { Env } from '../config/env.validation.js';
import { TransactionService } from '../database/transaction.service.js';
import { stripeCustomerOf } from '../sponsors/donor-links.service.js';
import { StripeClient } from './stripe.client.js';
import { StripeException } from './stripe.exception.js';

/**
 * Donors manage their own recurring donation (card, amount, cancel) in Stripe's customer portal.
 * Emails carry a signed link (an access token for exactly this sponsor); opening it creates a
 * portal session on demand and redirects there, so no portal URL (which expires in minutes) is
 * ever stored or mailed.
 */
@Injectable()
export class DonorPortalService {
  constructor(
    private readonly tx: TransactionService,
    private readonly tokens: AccessTokenService,
    private readonly stripe: StripeClient,
    private readonly config: ConfigService<Env, true>,
  ) {}

  /** The portal URL for the sponsor behind this link (404 for an unknown or revoked link). */
  async portalUrl(token: string): Promise<string> {
    const sponsorId = await this.tokens.resolve('donor_manage', token);
    const api = this.stripe.require();
    const customer = await stripeCustomerOf(this.tx.manager, sponsorId);
    if (!customer) throw StripeException.noCustomer();
    const donateUrl = this.config.get('DONATE_URL', { infer: true }) ?? `${this.config.get('APP_URL', { infer: true })}/donate`;
    try {
      const session = await api.billingPortal.sessions.create({ customer, return_url: donateUrl });
      return session.url;
    } catch (error) {
      throw StripeException.upstream(error instanceof Error ? error.message : 'customer portal unavailable');
    }
  }
}
