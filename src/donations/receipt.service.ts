import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { formatMoney } from '../common/money/money.js';
import { EmailTemplate, Locale } from '../email/email-template.js';
import { OutboxService } from '../email/outbox.service.js';

/**
 * The thank-you receipt. Keyed `receipt:<donationId>` in the outbox, so whichever path gets
 * there first (the donation itself, or a sponsor attached later by a checkout event) queues
 * it and every replay is a no-op.
 */
@Injectable()
export class ReceiptService {
  constructor(private readonly outbox: OutboxService) {}

  async queue(m: EntityManager, donationId: string): Promise<string | null> {
    const [d] = await m.query(
      `SELECT d.amount::text, d.currency, d.channel, d.recurring, d.reference, d.external_id, d.received_at,
              s.name, s.email, s.locale, s.email_receipts, f.name AS fund
       FROM donations d JOIN sponsors s ON s.id = d.sponsor_id JOIN funds f ON f.id = d.fund_id
       WHERE d.id = $1 AND d.status <> 'failed'`,
      [donationId],
    );
    if (!d || !d.email_receipts) return null;
    const locale = d.locale as Locale;
    return this.outbox.enqueue(m, {
      template: EmailTemplate.DonationReceipt,
      to: d.email,
      locale,
      dedupeKey: `receipt:${donationId}`,
      props: {
        name: d.name,
        amount: formatMoney(BigInt(d.amount), d.currency, locale),
        fund: d.fund,
        receivedOn: new Date(d.received_at).toISOString().slice(0, 10),
        channel: d.channel,
        reference: d.reference ?? d.external_id ?? donationId,
        recurring: d.recurring,
      },
    });
  }
}
