import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { formatMoney, jsonAmount } from '../common/money/money.js';
import { TransactionService } from '../database/transaction.service.js';
import { EmailTemplate } from '../email/email-template.js';
import { OutboxService } from '../email/outbox.service.js';
import { catalogLabel } from '../i18n/labels.js';
import type { Actor } from '../users/role.js';
import { GIVEN_SQL, SponsorsService } from './sponsors.service.js';
import { countedDonation } from '../donations/counted.js';

interface StatementLine {
  donationId: string;
  date: string;
  amount: number;
  currency: string;
  fund: string;
  channel: string;
  reference: string | null;
}

/** The annual giving statement: what a sponsor gave in a calendar year (UTC), net of refunds. */
@Injectable()
export class StatementService {
  constructor(
    private readonly tx: TransactionService,
    private readonly sponsors: SponsorsService,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
  ) {}

  async statement(sponsorId: string, year: number) {
    const sponsor = await this.sponsors.find(this.tx.manager, sponsorId);
    const rows: (Omit<StatementLine, 'amount'> & { amount: string })[] = await this.tx.manager.query(
      `SELECT d.id AS "donationId", to_char(d.received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS date, ${GIVEN_SQL}::text AS amount,
              d.currency, f.code AS fund, d.channel, d.reference
       FROM donations d JOIN funds f ON f.id = d.fund_id
       WHERE d.sponsor_id = $1 AND ${countedDonation('d')}
         AND d.received_at >= make_timestamptz($2, 1, 1, 0, 0, 0, 'UTC') AND d.received_at < make_timestamptz($2 + 1, 1, 1, 0, 0, 0, 'UTC')
         AND ${GIVEN_SQL} > 0
       ORDER BY d.received_at, d.id`,
      [sponsorId, year],
    );
    const totals = new Map<string, bigint>();
    for (const r of rows) totals.set(r.currency, (totals.get(r.currency) ?? 0n) + BigInt(r.amount));
    return {
      sponsor: { id: sponsor.id, name: sponsor.name, email: sponsor.email, locale: sponsor.locale },
      year,
      totals: [...totals].map(([currency, amount]) => ({ currency, amount: jsonAmount(amount) })),
      donations: rows.map((r) => ({ ...r, amount: jsonAmount(r.amount) })),
    };
  }

  /** Queues the statement email once per sponsor and year (a second send answers queued: false). */
  async send(sponsorId: string, year: number, actor: Actor): Promise<{ queued: boolean; outboxId: string | null }> {
    const s = await this.statement(sponsorId, year);
    const locale = s.sponsor.locale;
    return this.tx.run(async (m) => {
      // The statement lists fund and channel codes; the email words them in the sponsor's language.
      const fundNames = new Map<string, string>((await m.query(`SELECT code, name FROM funds`)).map((f: { code: string; name: string }) => [f.code, f.name]));
      const outboxId = await this.outbox.enqueue(m, {
        template: EmailTemplate.AnnualStatement,
        to: s.sponsor.email,
        locale,
        category: 'bulk',
        dedupeKey: `statement:${sponsorId}:${year}`,
        props: {
          name: s.sponsor.name,
          year,
          total: s.totals.map((t) => formatMoney(BigInt(t.amount), t.currency, locale)).join(' + ') || formatMoney(0, 'EUR', locale),
          lines: s.donations.map((d) => ({
            date: d.date,
            amount: formatMoney(BigInt(d.amount), d.currency, locale),
            fund: catalogLabel(locale, 'funds', d.fund, fundNames.get(d.fund)),
            channel: catalogLabel(locale, 'channels', d.channel),
          })),
        },
      });
      if (outboxId) await this.audit.record(m, actor, 'sponsor.statement.send', 'sponsor', sponsorId, null, { year, outboxId });
      return { queued: outboxId !== null, outboxId };
    });
  }
}
