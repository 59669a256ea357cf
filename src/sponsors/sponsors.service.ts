import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { jsonAmount } from '../common/money/money.js';
import { Page, PaginationQuery } from '../common/pagination/pagination.dto.js';
import { updateReturning } from '../database/sql.js';
import { TransactionService } from '../database/transaction.service.js';
import type { Locale } from '../email/email-template.js';
import type { Actor } from '../users/role.js';
import { CreateSponsorDto, UpdateSponsorDto } from './sponsors.dto.js';
import { SponsorsException } from './sponsors.exception.js';
import { countedDonation } from '../donations/counted.js';
import { oneLine } from '../common/validation/single-line.js';

export interface Sponsor {
  id: string;
  kind: 'individual' | 'organization';
  name: string;
  email: string;
  publicName: string | null;
  anonymous: boolean;
  locale: Locale;
  emailPreferences: { receipts: boolean; updates: boolean };
  createdAt: string;
}

export const SPONSOR_COLUMNS = `id, kind, name, email, public_name AS "publicName", anonymous, locale,
  json_build_object('receipts', email_receipts, 'updates', email_updates) AS "emailPreferences", created_at AS "createdAt"`;

/**
 * What a donation finally gave: gross less refunds and disputes lost. Failed payments gave
 * nothing. Used by sponsor totals and statements alike, so they always agree.
 */
export const GIVEN_SQL = `(d.amount - d.refunded_amount
  - COALESCE((SELECT sum(s.amount) FROM stripe_disputes s WHERE s.donation_id = d.id AND s.status = 'lost'), 0))`;

/** What a caller needs to address a sponsor (receipts), returned by `findOrCreate`. */
export interface SponsorFacts {
  id: string;
  created: boolean;
  email: string;
  name: string;
  locale: Locale;
  receipts: boolean;
}

const FACTS = `id, email, name, locale, email_receipts AS receipts`;

@Injectable()
export class SponsorsService {
  constructor(
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
  ) {}

  create(dto: CreateSponsorDto, actor: Actor): Promise<Sponsor> {
    return this.tx.run(async (m) => {
      const [sponsor] = await m.query(
        `INSERT INTO sponsors (kind, name, email, public_name, anonymous, locale, email_receipts, email_updates)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (lower(email)) DO NOTHING RETURNING ${SPONSOR_COLUMNS}`,
        [
          dto.kind ?? 'individual',
          dto.name,
          dto.email.trim(),
          dto.publicName ?? null,
          dto.anonymous ?? false,
          dto.locale ?? 'en',
          dto.emailPreferences?.receipts ?? true,
          dto.emailPreferences?.updates ?? true,
        ],
      );
      if (!sponsor) throw SponsorsException.emailTaken(dto.email);
      await this.audit.record(m, actor, 'sponsor.create', 'sponsor', sponsor.id, null, sponsor);
      return sponsor;
    });
  }

  /**
   * The sponsor with this email (case-insensitive), created when new. One statement, so two
   * webhooks for the same new donor at once still make one sponsor.
   */
  async findOrCreate(m: EntityManager, who: { email: string; name?: string | null; locale?: string | null }): Promise<SponsorFacts> {
    const email = who.email.trim();
    const locale = who.locale === 'de' ? 'de' : 'en';
    const rows: SponsorFacts[] = await m.query(
      `WITH ins AS (
         INSERT INTO sponsors (name, email, locale) VALUES ($1, $2, $3)
         ON CONFLICT (lower(email)) DO NOTHING RETURNING ${FACTS})
       SELECT *, true AS created FROM ins
       UNION ALL SELECT ${FACTS}, false FROM sponsors WHERE lower(email) = lower($2)
       LIMIT 1`,
      [(oneLine(who.name ?? '') || email.split('@')[0]).slice(0, 200), email, locale],
    );
    if (rows[0]) return rows[0];
    // A concurrent transaction inserted the same email after this statement's snapshot was
    // taken: the insert waited for it and skipped, so a fresh statement now sees its row.
    const [existing] = await m.query(`SELECT ${FACTS}, false AS created FROM sponsors WHERE lower(email) = lower($1)`, [email]);
    return existing;
  }

  async list(query: PaginationQuery & { q?: string }): Promise<Page<Sponsor>> {
    const where = `($1::text IS NULL OR name ILIKE '%' || $1 || '%' OR email ILIKE '%' || $1 || '%')`;
    const [{ total }] = await this.tx.manager.query(`SELECT count(*)::int AS total FROM sponsors WHERE ${where}`, [query.q ?? null]);
    const items = await this.tx.manager.query(`SELECT ${SPONSOR_COLUMNS} FROM sponsors WHERE ${where} ORDER BY created_at DESC, id OFFSET $2 LIMIT $3`, [
      query.q ?? null,
      query.offset,
      query.limit,
    ]);
    return { items, total, page: query.page, limit: query.limit };
  }

  async find(m: EntityManager, id: string): Promise<Sponsor> {
    const [sponsor] = await m.query(`SELECT ${SPONSOR_COLUMNS} FROM sponsors WHERE id = $1`, [id]);
    if (!sponsor) throw SponsorsException.notFound(id);
    return sponsor;
  }

  /** The sponsor with lifetime and per-year giving, per currency (currencies are never summed together). */
  async get(id: string) {
    const sponsor = await this.find(this.tx.manager, id);
    const rows: { year: number; currency: string; amount: string; donations: number }[] = await this.tx.manager.query(
      `SELECT extract(year FROM d.received_at)::int AS year, d.currency, sum(${GIVEN_SQL})::text AS amount, count(*)::int AS donations
       FROM donations d WHERE d.sponsor_id = $1 AND ${countedDonation('d')}
       GROUP BY 1, 2 ORDER BY 1 DESC, 2`,
      [id],
    );
    const lifetime = new Map<string, { currency: string; amount: bigint; donations: number }>();
    for (const r of rows) {
      const t = lifetime.get(r.currency) ?? { currency: r.currency, amount: 0n, donations: 0 };
      t.amount += BigInt(r.amount);
      t.donations += r.donations;
      lifetime.set(r.currency, t);
    }
    return {
      ...sponsor,
      giving: {
        lifetime: [...lifetime.values()].map((t) => ({ currency: t.currency, amount: jsonAmount(t.amount), donations: t.donations })),
        byYear: rows.map((r) => ({ year: r.year, currency: r.currency, amount: jsonAmount(r.amount), donations: r.donations })),
      },
    };
  }

  update(id: string, dto: UpdateSponsorDto, actor: Actor): Promise<Sponsor> {
    return this.tx.run(async (m) => {
      const [before] = await m.query(`SELECT ${SPONSOR_COLUMNS} FROM sponsors WHERE id = $1 FOR UPDATE`, [id]);
      if (!before) throw SponsorsException.notFound(id);
      if (dto.email) {
        const [other] = await m.query(`SELECT id FROM sponsors WHERE lower(email) = lower($1) AND id <> $2`, [dto.email, id]);
        if (other) throw SponsorsException.emailTaken(dto.email);
      }
      const [after] = await updateReturning<Sponsor>(
        m,
        `UPDATE sponsors SET name = COALESCE($2, name), email = COALESCE($3, email), kind = COALESCE($4, kind),
           public_name = COALESCE($5, public_name), anonymous = COALESCE($6, anonymous), locale = COALESCE($7, locale),
           email_receipts = COALESCE($8, email_receipts), email_updates = COALESCE($9, email_updates), updated_at = now()
         WHERE id = $1 RETURNING ${SPONSOR_COLUMNS}`,
        [
          id,
          dto.name ?? null,
          dto.email?.trim() ?? null,
          dto.kind ?? null,
          dto.publicName ?? null,
          dto.anonymous ?? null,
          dto.locale ?? null,
          dto.emailPreferences?.receipts ?? null,
          dto.emailPreferences?.updates ?? null,
        ],
      );
      await this.audit.record(m, actor, 'sponsor.update', 'sponsor', id, before, after);
      return after;
    });
  }
}
