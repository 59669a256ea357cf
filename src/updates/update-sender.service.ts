import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { TransactionService } from '../database/transaction.service.js';
import { updateReturning } from '../database/sql.js';
import { EmailTemplate } from '../email/email-template.js';
import { OutboxService } from '../email/outbox.service.js';
import { SuppressionService } from '../email/suppression.service.js';
import { catalogs } from '../i18n/catalogs.js';
import { isLocale } from '../i18n/locale.js';
import type { Actor } from '../users/role.js';
import { audienceSql, parseAudience } from './audience.js';
import { ImpactSummaryService } from './impact-summary.service.js';
import { updateEmailProps } from './update-content.js';
import { UpdatesException } from './updates.exception.js';
import { dedupePrefix, UPDATE_COLUMNS, type UpdateRow, UpdatesService } from './updates.service.js';

interface Recipient {
  id: string;
  name: string;
  email: string;
  locale: string;
}

/**
 * Sends an update: one email per sponsor in the audience, all queued in one transaction with
 * the update marked sent. The conditional UPDATE is the lock: a second send, or two board
 * members pressing send at once, finds the update already sent and queues nothing: the API
 * answers `{queued: 0}` (idempotent, as documented); with `{ once: true }` (the staff page) it
 * is refused instead, a 409 `update_sent_before` carrying when it was sent and how many emails
 * were queued. The per-sponsor dedupe key makes a double queue impossible even so.
 */
@Injectable()
export class UpdateSender {
  constructor(
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly suppression: SuppressionService,
    private readonly impact: ImpactSummaryService,
    private readonly updates: UpdatesService,
  ) {}

  send(id: string, actor: Actor, options: { once?: boolean } = {}): Promise<{ queued: number; sentAt: string }> {
    return this.tx.run(async (m) => {
      const [row] = await updateReturning<UpdateRow>(
        m,
        `UPDATE sponsor_updates SET sent_at = now(), sent_by = $2, queued = 0 WHERE id = $1 AND sent_at IS NULL RETURNING ${UPDATE_COLUMNS}`,
        [id, actor.id],
      );
      if (!row) {
        // The conditional UPDATE waited for any concurrent send to commit, so this reads its outcome.
        const sent = await this.updates.find(m, id);
        const sentAt = new Date(sent.sentAt!).toISOString();
        if (options.once) throw UpdatesException.sentBefore(id, sentAt, sent.queued ?? 0);
        return { queued: 0, sentAt };
      }
      const impact = row.includeImpactSummary ? await this.impact.compute(m, row.periodFrom, row.periodTo) : null;
      let queued = 0;
      for (const r of await this.recipients(m, row.audience)) {
        const locale = isLocale(r.locale) ? r.locale : 'en';
        const outboxId = await this.outbox.enqueue(m, {
          template: EmailTemplate.SponsorUpdate,
          to: r.email,
          locale,
          props: updateEmailProps(row.variants, locale, r.name, impact, catalogs()),
          category: 'bulk',
          dedupeKey: `${dedupePrefix(id)}${r.id}`,
        });
        if (outboxId) queued++;
      }
      await m.query(`UPDATE sponsor_updates SET queued = $2, impact = $3 WHERE id = $1`, [id, queued, impact ? JSON.stringify(impact) : null]);
      const sentAt = new Date(row.sentAt!).toISOString();
      await this.audit.record(m, actor, 'update.send', 'sponsor_update', id, null, { queued, audience: row.audience, sentAt });
      return { queued, sentAt };
    });
  }

  /** How many sponsors a send would reach now (the audience less those who turned updates off); nothing is queued. */
  async recipientCount(id: string): Promise<number> {
    const row = await this.updates.find(this.tx.manager, id);
    return (await this.recipients(this.tx.manager, row.audience)).length;
  }

  private async recipients(m: EntityManager, audience: string): Promise<Recipient[]> {
    const { where, params } = audienceSql(parseAudience(audience));
    const all: Recipient[] = await m.query(`SELECT s.id, s.name, s.email, s.locale FROM sponsors s WHERE ${where} ORDER BY s.created_at, s.id`, params);
    const optedOut = await this.suppression.categoriesFor(
      all.map((r) => r.email),
      m,
    );
    return all.filter((r) => {
      const off = optedOut.get(r.email.trim().toLowerCase());
      return !(off?.has('updates') || off?.has('all'));
    });
  }
}
