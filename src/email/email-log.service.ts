import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AuditService } from '../audit/audit.service.js';
import { Page, page } from '../common/pagination/pagination.dto.js';
import type { Env } from '../config/env.validation.js';
import { TransactionService } from '../database/transaction.service.js';
import type { Actor } from '../users/role.js';
import { senderName } from './compose.js';
import { unsubscribeCategoryOf } from './email-category.js';
import { EmailLogEntry, EmailLogQuery } from './email.dto.js';
import { EmailException } from './email.exception.js';
import { EmailTemplate, pickLocale } from './email-template.js';
import { sampleProps } from './sample-props.js';
import { RenderedEmail, TemplateRenderer } from './template-renderer.js';

const COLUMNS = `id, template, locale, recipient, category, status, attempts, last_error AS "lastError", response,
  message_id AS "messageId", dedupe_key AS "dedupeKey", created_at AS "createdAt", last_attempt_at AS "lastAttemptAt",
  CASE WHEN status = 'queued' THEN next_attempt_at END AS "nextAttemptAt", sent_at AS "sentAt"`;

/** `/srv/coffer/var/mail/x.eml` → `…/x.eml`: where the server keeps files is nobody's business. */
const ABSOLUTE_PATH = /(?:[A-Za-z]:)?[\\/](?:[^\s'"\\/]+[\\/])+([^\s'"\\/]+)/g;

export function redactPaths(text: string | null): string | null {
  return text === null ? null : text.replace(ABSOLUTE_PATH, '…/$1');
}

function withoutServerPaths(entry: EmailLogEntry): EmailLogEntry {
  return { ...entry, lastError: redactPaths(entry.lastError), response: redactPaths(entry.response) };
}

/** The admin side of email: the delivery log, retrying a failed email, template previews. */
@Injectable()
export class EmailLogService {
  constructor(
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
    private readonly renderer: TemplateRenderer,
    private readonly config: ConfigService<Env, true>,
  ) {}

  async list(query: EmailLogQuery): Promise<Page<EmailLogEntry>> {
    const where = `($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR template = $2)
      AND ($3::text IS NULL OR lower(recipient) = lower($3))`;
    const params = [query.status ?? null, query.template ?? null, query.recipient ?? null];
    const [{ total }] = await this.tx.manager.query(`SELECT count(*)::int AS total FROM email_outbox WHERE ${where}`, params);
    const rows = await this.tx.manager.query(`SELECT ${COLUMNS} FROM email_outbox WHERE ${where} ORDER BY created_at DESC, id OFFSET $4 LIMIT $5`, [
      ...params,
      query.offset,
      query.limit,
    ]);
    return page(rows.map(withoutServerPaths), total, query);
  }

  /** Failed → queued, due now, with a fresh count of attempts. Audited. */
  async retry(id: string, actor: Actor): Promise<EmailLogEntry> {
    return this.tx.run(async (m) => {
      const [before]: EmailLogEntry[] = await m.query(`SELECT ${COLUMNS} FROM email_outbox WHERE id = $1 FOR UPDATE`, [id]);
      if (!before) throw EmailException.notFound(id);
      if (before.status !== 'failed') throw EmailException.notRetryable(id, before.status);
      await m.query(`UPDATE email_outbox SET status = 'queued', attempts = 0, next_attempt_at = now(), updated_at = now() WHERE id = $1`, [id]);
      const [after]: EmailLogEntry[] = (await m.query(`SELECT ${COLUMNS} FROM email_outbox WHERE id = $1`, [id])).map(withoutServerPaths);
      const summary = (e: EmailLogEntry) => ({ status: e.status, attempts: e.attempts, lastError: e.lastError });
      await this.audit.record(m, actor, 'email.retry', 'email', id, summary(before), summary(after));
      return after;
    });
  }

  preview(name: string, locale: string | undefined): RenderedEmail & { template: EmailTemplate; locale: string } {
    const template = Object.values(EmailTemplate).find((t) => t === name);
    if (!template) throw EmailException.unknownTemplate(name);
    const wanted = pickLocale(locale);
    const appUrl = this.config.get('APP_URL', { infer: true })!;
    const optOut = unsubscribeCategoryOf(template, 'transactional');
    const rendered = this.renderer.render(template, wanted, sampleProps(appUrl, wanted)[template], {
      appUrl,
      orgName: senderName(this.config.get('MAIL_FROM', { infer: true })),
      ...(optOut ? { unsubscribeUrl: `${appUrl}/unsubscribe/preview-only` } : {}),
    });
    return { template, locale: wanted, ...rendered };
  }
}
