import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Page } from '../common/pagination/pagination.dto.js';
import type { Env } from '../config/env.validation.js';
import { TransactionService } from '../database/transaction.service.js';
import { updateReturning } from '../database/sql.js';
import { senderName } from '../email/compose.js';
import { EmailTemplate } from '../email/email-template.js';
import { type RenderedEmail, TemplateRenderer } from '../email/template-renderer.js';
import { catalogs } from '../i18n/catalogs.js';
import { isLocale, type Locale } from '../i18n/locale.js';
import type { Actor } from '../users/role.js';
import { parseAudience } from './audience.js';
import { ImpactSummaryService } from './impact-summary.service.js';
import type { ImpactSummary } from './impact-summary.js';
import { updateEmailProps, type UpdateVariants, variantFor } from './update-content.js';
import type { CreateUpdateDto, EditUpdateDto, PreviewQuery, UpdatesQuery } from './updates.dto.js';
import { UpdatesException } from './updates.exception.js';

export interface SponsorUpdate {
  id: string;
  subject: string;
  body: string;
  translations: Partial<Record<Exclude<Locale, 'en'>, { subject: string; body: string }>>;
  audience: string;
  includeImpactSummary: boolean;
  period: { from: string; to: string };
  impact: ImpactSummary | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  sentAt: string | null;
  sentBy: string | null;
  queued: number | null;
}

export interface Delivery {
  delivered: number;
  pending: number;
  failed: number;
  suppressed: number;
  unsubscribed: number;
}

export interface UpdateRow {
  id: string;
  audience: string;
  variants: UpdateVariants;
  includeImpactSummary: boolean;
  periodFrom: string;
  periodTo: string;
  impact: ImpactSummary | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  sentAt: string | null;
  sentBy: string | null;
  queued: number | null;
}

export const UPDATE_COLUMNS = `id, audience, variants, include_impact_summary AS "includeImpactSummary",
  to_char(period_from, 'YYYY-MM-DD') AS "periodFrom", to_char(period_to, 'YYYY-MM-DD') AS "periodTo", impact,
  created_by AS "createdBy", created_at AS "createdAt", updated_at AS "updatedAt", sent_at AS "sentAt", sent_by AS "sentBy", queued`;

/** The outbox rows of one update carry this dedupe-key prefix (one per sponsor). */
export const dedupePrefix = (id: string) => `update:${id}:`;

export function toView(row: UpdateRow): SponsorUpdate {
  const { en, ...others } = row.variants;
  return {
    id: row.id,
    subject: en.subject,
    body: en.body,
    translations: others,
    audience: row.audience,
    includeImpactSummary: row.includeImpactSummary,
    period: { from: row.periodFrom, to: row.periodTo },
    impact: row.impact,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    sentAt: row.sentAt,
    sentBy: row.sentBy,
    queued: row.queued,
  };
}

/** The last three calendar months up to today, the usual span of an update. */
export function defaultPeriod(today = new Date()): { from: string; to: string } {
  const from = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 2, 1));
  return { from: from.toISOString().slice(0, 10), to: today.toISOString().slice(0, 10) };
}

/** Drafting, reading and previewing sponsor updates; sending is `UpdateSender`. */
@Injectable()
export class UpdatesService {
  constructor(
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
    private readonly renderer: TemplateRenderer,
    private readonly impact: ImpactSummaryService,
    private readonly config: ConfigService<Env, true>,
  ) {}

  create(dto: CreateUpdateDto, actor: Actor): Promise<SponsorUpdate> {
    const period = dto.period ?? defaultPeriod();
    if (period.from > period.to) throw UpdatesException.badPeriod();
    const variants: UpdateVariants = { en: { subject: dto.subject, body: dto.body }, ...(dto.translations?.de ? { de: dto.translations.de } : {}) };
    return this.tx.run(async (m) => {
      await this.checkAudience(m, dto.audience);
      const [row]: UpdateRow[] = await m.query(
        `INSERT INTO sponsor_updates (audience, variants, include_impact_summary, period_from, period_to, created_by)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${UPDATE_COLUMNS}`,
        [dto.audience, JSON.stringify(variants), dto.includeImpactSummary ?? false, period.from, period.to, actor.id],
      );
      const update = toView(row);
      await this.audit.record(m, actor, 'update.create', 'sponsor_update', update.id, null, update);
      return update;
    });
  }

  edit(id: string, dto: EditUpdateDto, actor: Actor): Promise<SponsorUpdate> {
    return this.tx.run(async (m) => {
      const before = await this.lockDraft(m, id);
      const variants: UpdateVariants = {
        en: { subject: dto.subject ?? before.variants.en.subject, body: dto.body ?? before.variants.en.body },
        ...(dto.translations ? (dto.translations.de ? { de: dto.translations.de } : {}) : before.variants.de ? { de: before.variants.de } : {}),
      };
      const period = dto.period ?? { from: before.periodFrom, to: before.periodTo };
      if (period.from > period.to) throw UpdatesException.badPeriod();
      const audience = dto.audience ?? before.audience;
      await this.checkAudience(m, audience);
      const [row] = await updateReturning<UpdateRow>(
        m,
        `UPDATE sponsor_updates SET audience = $2, variants = $3, include_impact_summary = $4, period_from = $5, period_to = $6, updated_at = now()
          WHERE id = $1 RETURNING ${UPDATE_COLUMNS}`,
        [id, audience, JSON.stringify(variants), dto.includeImpactSummary ?? before.includeImpactSummary, period.from, period.to],
      );
      const update = toView(row);
      await this.audit.record(m, actor, 'update.edit', 'sponsor_update', id, toView(before), update);
      return update;
    });
  }

  async list(query: UpdatesQuery): Promise<Page<SponsorUpdate>> {
    const m = this.tx.manager;
    const [{ total }]: { total: number }[] = await m.query(`SELECT count(*)::int AS total FROM sponsor_updates`);
    const rows: UpdateRow[] = await m.query(`SELECT ${UPDATE_COLUMNS} FROM sponsor_updates ORDER BY created_at DESC, id LIMIT $1 OFFSET $2`, [query.limit, query.offset]);
    return { items: rows.map(toView), total, page: query.page, limit: query.limit };
  }

  async get(id: string): Promise<SponsorUpdate & { delivery: Delivery }> {
    const row = await this.find(this.tx.manager, id);
    return { ...toView(row), delivery: await this.delivery(id) };
  }

  /**
   * The email as a sponsor would receive it: their name and language, the impact summary as it
   * stands now (or as it was frozen when sent). Nothing is queued or stored.
   */
  async preview(id: string, query: PreviewQuery): Promise<RenderedEmail & { locale: Locale; to: string | null }> {
    const m = this.tx.manager;
    const row = await this.find(m, id);
    let name = catalogs().t(query.locale ?? 'en', 'updates:preview.name');
    let locale: Locale = query.locale ?? 'en';
    let to: string | null = null;
    if (query.sponsorId) {
      const [sponsor]: { name: string; email: string; locale: string }[] = await m.query(`SELECT name, email, locale FROM sponsors WHERE id = $1`, [query.sponsorId]);
      if (!sponsor) throw UpdatesException.unknownSponsor(query.sponsorId);
      ({ name, email: to } = sponsor);
      locale = isLocale(sponsor.locale) ? sponsor.locale : 'en';
    }
    const impact = row.includeImpactSummary ? (row.impact ?? (await this.impact.compute(m, row.periodFrom, row.periodTo))) : null;
    const appUrl = this.config.get('APP_URL', { infer: true })!;
    const rendered = this.renderer.render(EmailTemplate.SponsorUpdate, locale, updateEmailProps(row.variants, locale, name, impact, catalogs()), {
      appUrl,
      orgName: senderName(this.config.get('MAIL_FROM', { infer: true })),
      unsubscribeUrl: `${appUrl}/unsubscribe/preview-only`,
    });
    return { ...rendered, locale: variantFor(row.variants, locale).locale, to };
  }

  /** Counts from the outbox: what was delivered, is still pending, failed, or was suppressed. */
  async delivery(id: string): Promise<Delivery> {
    const [row]: Delivery[] = await this.tx.manager.query(
      `WITH mine AS (SELECT status, recipient FROM email_outbox WHERE dedupe_key LIKE $1 || '%')
       SELECT count(*) FILTER (WHERE status = 'sent')::int AS delivered,
              count(*) FILTER (WHERE status IN ('queued', 'sending'))::int AS pending,
              count(*) FILTER (WHERE status = 'failed')::int AS failed,
              count(*) FILTER (WHERE status = 'suppressed')::int AS suppressed,
              (SELECT count(DISTINCT es.email_lower)::int FROM email_suppression es JOIN sponsor_updates u ON u.id = $2
                WHERE es.category IN ('updates', 'all') AND es.created_at >= u.sent_at
                  AND es.email_lower IN (SELECT lower(recipient) FROM mine)) AS unsubscribed
         FROM mine`,
      [dedupePrefix(id), id],
    );
    return row;
  }

  async find(m: EntityManager, id: string): Promise<UpdateRow> {
    const [row]: UpdateRow[] = await m.query(`SELECT ${UPDATE_COLUMNS} FROM sponsor_updates WHERE id = $1`, [id]);
    if (!row) throw UpdatesException.notFound(id);
    return row;
  }

  private async lockDraft(m: EntityManager, id: string): Promise<UpdateRow> {
    const [row]: UpdateRow[] = await m.query(`SELECT ${UPDATE_COLUMNS} FROM sponsor_updates WHERE id = $1 FOR UPDATE`, [id]);
    if (!row) throw UpdatesException.notFound(id);
    if (row.sentAt) throw UpdatesException.alreadySent(id, new Date(row.sentAt).toISOString());
    return row;
  }

  private async checkAudience(m: EntityManager, value: string): Promise<void> {
    const audience = parseAudience(value);
    if (audience.kind !== 'fund') return;
    const found: unknown[] = await m.query(`SELECT 1 FROM funds WHERE code = $1`, [audience.code]);
    if (found.length === 0) throw UpdatesException.unknownFund(audience.code);
  }
}
