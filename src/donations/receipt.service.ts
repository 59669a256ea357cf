import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { formatMoney } from '../common/money/money.js';
import { EmailTemplate, Locale } from '../email/email-template.js';
import { OutboxService } from '../email/outbox.service.js';
import { catalogLabel } from '../i18n/labels.js';
import { DonorLinksService } from '../sponsors/donor-links.service.js';

/**
 * The thank-you receipt. Keyed `receipt:<donationId>` in the outbox, so whichever path gets
 * there first (the donation itself, or a sponsor attached later by a checkout event) queues
 * it and every replay is a no-op.
 */
@Injectable()
export class ReceiptService {
  constructor(
    private readonly outbox: OutboxService,
    private readonly donorLinks: DonorLinksService,
  ) {}

  async queue(m: EntityManager, donationId: string, known?: KnownDonation): Promise<string | null> {
    const d = known ? fromKnown(known) : await this.load(m, donationId);
    if (!d || !d.receipts) return null;
    // A monthly card donation can be changed or cancelled by the donor themselves: the receipt says where.
    const manageUrl = d.recurring && d.channel === 'stripe' ? await this.donorLinks.manageRef(m, await this.sponsorOf(m, donationId)) : undefined;
    return this.outbox.enqueue(m, {
      template: EmailTemplate.DonationReceipt,
      to: d.email,
      locale: d.locale,
      dedupeKey: `receipt:${donationId}`,
      props: {
        name: d.name,
        amount: formatMoney(d.amount, d.currency, d.locale),
        // The way they paid and the fund, worded in the donor's language (locales/*/channels.json, funds.json).
        fund: catalogLabel(d.locale, 'funds', d.fund.code, d.fund.name),
        receivedOn: d.receivedAt.toISOString().slice(0, 10),
        channel: catalogLabel(d.locale, 'channels', d.channel),
        reference: d.reference ?? donationId,
        recurring: d.recurring,
        ...(manageUrl ? { manageUrl } : {}),
      },
    });
  }

  private async sponsorOf(m: EntityManager, donationId: string): Promise<string | null> {
    const [row]: { sponsorId: string | null }[] = await m.query(`SELECT sponsor_id AS "sponsorId" FROM donations WHERE id = $1`, [donationId]);
    return row?.sponsorId ?? null;
  }

  private async load(m: EntityManager, donationId: string): Promise<ReceiptFacts | null> {
    const [d] = await m.query(
      `SELECT d.amount::text, d.currency, d.channel, d.recurring, COALESCE(d.reference, d.external_id) AS reference, d.received_at,
              s.name, s.email, s.locale, s.email_receipts, f.code AS fund_code, f.name AS fund_name
       FROM donations d JOIN sponsors s ON s.id = d.sponsor_id JOIN funds f ON f.id = d.fund_id
       WHERE d.id = $1 AND d.status <> 'failed'`,
      [donationId],
    );
    if (!d) return null;
    return {
      amount: BigInt(d.amount),
      currency: d.currency,
      channel: d.channel,
      recurring: d.recurring,
      reference: d.reference,
      receivedAt: new Date(d.received_at),
      name: d.name,
      email: d.email,
      locale: d.locale,
      receipts: d.email_receipts,
      fund: { code: d.fund_code, name: d.fund_name },
    };
  }
}

interface ReceiptFacts {
  amount: bigint;
  currency: string;
  channel: string;
  recurring: boolean;
  reference: string | null;
  receivedAt: Date;
  name: string;
  email: string;
  locale: Locale;
  receipts: boolean;
  fund: FundName;
}

interface FundName {
  code: string;
  name: string;
}

/** A donation just recorded, with its sponsor as `findOrCreate` returned it. */
export interface KnownDonation {
  amount: bigint;
  currency: string;
  channel: string;
  recurring?: boolean;
  reference?: string | null;
  externalId?: string | null;
  receivedAt: Date;
  fund: FundName;
  sponsor: { name: string; email: string; locale: Locale; receipts: boolean };
}

function fromKnown(k: KnownDonation): ReceiptFacts {
  return {
    amount: k.amount,
    currency: k.currency,
    channel: k.channel,
    recurring: k.recurring ?? false,
    reference: k.reference ?? k.externalId ?? null,
    receivedAt: k.receivedAt,
    name: k.sponsor.name,
    email: k.sponsor.email,
    locale: k.sponsor.locale,
    receipts: k.sponsor.receipts,
    fund: k.fund,
  };
}
