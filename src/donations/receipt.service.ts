import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { formatMoney } from '../common/money/money.js';
import { EmailTemplate, Locale } from '../email/email-template.js';
import { OutboxService } from '../email/outbox.service.js';

/** How a donor would name the way they paid, in their language. */
export const CHANNEL_WORDS: Record<Locale, Record<string, string>> = {
  en: { stripe: 'card (Stripe)', patreon: 'Patreon', merch: 'merch sales', bank: 'bank transfer', crypto: 'cryptocurrency', other: 'cheque or other' },
  de: { stripe: 'Karte (Stripe)', patreon: 'Patreon', merch: 'Merch-Verkauf', bank: 'Banküberweisung', crypto: 'Kryptowährung', other: 'Scheck oder anderes' },
};

/**
 * The thank-you receipt. Keyed `receipt:<donationId>` in the outbox, so whichever path gets
 * there first (the donation itself, or a sponsor attached later by a checkout event) queues
 * it and every replay is a no-op.
 */
@Injectable()
export class ReceiptService {
  constructor(private readonly outbox: OutboxService) {}

  async queue(m: EntityManager, donationId: string, known?: KnownDonation): Promise<string | null> {
    const d = known ? fromKnown(known) : await this.load(m, donationId);
    if (!d || !d.receipts) return null;
    return this.outbox.enqueue(m, {
      template: EmailTemplate.DonationReceipt,
      to: d.email,
      locale: d.locale,
      dedupeKey: `receipt:${donationId}`,
      props: {
        name: d.name,
        amount: formatMoney(d.amount, d.currency, d.locale),
        fund: d.fund,
        receivedOn: d.receivedAt.toISOString().slice(0, 10),
        channel: CHANNEL_WORDS[d.locale][d.channel] ?? d.channel,
        reference: d.reference ?? donationId,
        recurring: d.recurring,
      },
    });
  }

  private async load(m: EntityManager, donationId: string): Promise<ReceiptFacts | null> {
    const [d] = await m.query(
      `SELECT d.amount::text, d.currency, d.channel, d.recurring, COALESCE(d.reference, d.external_id) AS reference, d.received_at,
              s.name, s.email, s.locale, s.email_receipts, f.name AS fund
       FROM donations d JOIN sponsors s ON s.id = d.sponsor_id JOIN funds f ON f.id = d.fund_id
       WHERE d.id = $1 AND d.status <> 'failed'`,
      [donationId],
    );
    if (!d) return null;
    return {
      amount: BigInt(d.amount), currency: d.currency, channel: d.channel, recurring: d.recurring, reference: d.reference,
      receivedAt: new Date(d.received_at), name: d.name, email: d.email, locale: d.locale, receipts: d.email_receipts, fund: d.fund,
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
  fund: string;
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
  fund: string;
  sponsor: { name: string; email: string; locale: Locale; receipts: boolean };
}

function fromKnown(k: KnownDonation): ReceiptFacts {
  return {
    amount: k.amount, currency: k.currency, channel: k.channel, recurring: k.recurring ?? false, reference: k.reference ?? k.externalId ?? null,
    receivedAt: k.receivedAt, name: k.sponsor.name, email: k.sponsor.email, locale: k.sponsor.locale, receipts: k.sponsor.receipts, fund: k.fund,
  };
}
