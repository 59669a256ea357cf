import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AccessTokenService } from '../auth/access-token.js';
import { linkRefs } from '../auth/links.js';

/** How long a "manage your donation" link in an email keeps working. */
const MANAGE_LINK_DAYS = 400;

/**
 * The "manage or cancel your monthly donation" link put into receipts and recurring-donation
 * emails: an access token for exactly this sponsor (opened by `DonorPortalService`), stored in
 * the outbox only as a reference, like every link.
 */
@Injectable()
export class DonorLinksService {
  constructor(private readonly tokens: AccessTokenService) {}

  /** A link reference for an email to this sponsor, or undefined when Stripe does not know them. */
  async manageRef(m: EntityManager, sponsorId: string | null | undefined): Promise<string | undefined> {
    if (!sponsorId) return undefined;
    if (!(await stripeCustomerOf(m, sponsorId))) return undefined;
    const { id } = await this.tokens.issue(m, 'donor_manage', sponsorId, MANAGE_LINK_DAYS);
    return linkRefs.donorManage(id);
  }
}

/**
 * The Stripe customer behind a sponsor: the one stored on the sponsor, else the customer of their
 * latest subscription (checkout remembers it there). Null once the sponsor is erased.
 */
export async function stripeCustomerOf(m: EntityManager, sponsorId: string): Promise<string | null> {
  const [row]: { customer: string | null }[] = await m.query(
    `SELECT COALESCE(s.stripe_customer_id,
              (SELECT ss.customer_id FROM donations d JOIN stripe_subscriptions ss ON ss.id = d.subscription_id
                WHERE d.sponsor_id = s.id AND ss.customer_id IS NOT NULL ORDER BY d.received_at DESC LIMIT 1)) AS customer
       FROM sponsors s WHERE s.id = $1 AND s.erased_at IS NULL`,
    [sponsorId],
  );
  return row?.customer ?? null;
}
