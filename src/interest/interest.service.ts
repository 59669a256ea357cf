import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { AccessTokenService } from '../auth/access-token.js';
import { linkRefs } from '../auth/links.js';
import { InvalidInputException } from '../common/errors/app.exception.js';
import { page, Page } from '../common/pagination/pagination.dto.js';
import { canMove } from '../common/state-machine/state-machine.js';
import type { Env } from '../config/env.validation.js';
import { updateReturning } from '../database/sql.js';
import { TransactionService } from '../database/transaction.service.js';
import { EmailTemplate, Locale, pickLocale } from '../email/email-template.js';
import { areaTitle, catalogLabel } from '../i18n/labels.js';
import { OutboxService } from '../email/outbox.service.js';
import { applicationWording, interestWording, PUBLIC_INTEREST_STATUS, type PublicInterestStatus } from '../i18n/applicant-wording.js';
import type { GrantStatus } from '../grants/grant-status.js';
import type { Actor } from '../users/role.js';
import { CreateInterestDto, InterestListQuery } from './interest.dto.js';
import { InterestException } from './interest.exception.js';
import { INTEREST_MOVES, InterestStatus } from './interest-status.js';

interface InterestRow {
  id: string;
  name: string;
  email: string | null;
  locale: Locale;
  status: InterestStatus;
  erasedAt: Date | null;
}

const SELECT_INTEREST = `
  SELECT i.id, i.name, i.email, i.links, i.summary, i.availability, i.locale, i.status,
         CASE WHEN i.expected_budget_amount IS NULL THEN NULL
              ELSE jsonb_build_object('amount', i.expected_budget_amount, 'currency', i.expected_budget_currency) END AS "expectedBudget",
         COALESCE((SELECT array_agg(a.area_code ORDER BY p.position) FROM interest_areas a JOIN priority_areas p ON p.code = a.area_code
                   WHERE a.interest_id = i.id), '{}') AS areas,
         i.erased_at AS "erasedAt", i.created_at AS "createdAt", i.updated_at AS "updatedAt"
  FROM interests i`;

/** The emails an applicant or grantee receives about their own application. */
const APPLICANT_TEMPLATES: string[] = [
  EmailTemplate.InterestReceived,
  EmailTemplate.InterestStatusChanged,
  EmailTemplate.ApplicationStatusChanged,
  EmailTemplate.MilestoneDecision,
  EmailTemplate.MilestoneDue,
  EmailTemplate.CallDeadlineReminder,
];

/** Interest intake (public form and status link) and the board's triage (SPEC §8). */
@Injectable()
export class InterestService {
  constructor(
    private readonly tx: TransactionService,
    private readonly outbox: OutboxService,
    private readonly tokens: AccessTokenService,
    private readonly audit: AuditService,
    private readonly config: ConfigService<Env, true>,
  ) {}

  /** The active areas with their titles in the caller's language (see `areaTitle`). */
  async priorityAreas(acceptLanguage: string | undefined): Promise<{ code: string; title: string }[]> {
    const locale = pickLocale(acceptLanguage);
    const rows: { code: string; title: string; titles: Record<string, string> }[] = await this.tx.manager.query(
      `SELECT code, title, titles FROM priority_areas WHERE active ORDER BY position`,
    );
    return rows.map((a) => ({ code: a.code, title: areaTitle(locale, a) }));
  }

  async submit(dto: CreateInterestDto, acceptLanguage: string | undefined): Promise<{ id: string }> {
    // Honeypot: a bot that fills every field gets the same answer as a person, and nothing is kept.
    if (dto.website && dto.website.trim() !== '') return { id: randomUUID() };
    const locale = pickLocale(acceptLanguage);
    return this.tx.run(async (m) => {
      const areas: { code: string; title: string; titles: Record<string, string> }[] = await m.query(
        `SELECT code, title, titles FROM priority_areas WHERE code = ANY($1) AND active ORDER BY position`,
        [dto.areas],
      );
      const unknown = dto.areas.filter((code) => !areas.some((a) => a.code === code));
      if (unknown.length) {
        throw new InvalidInputException(
          `Unknown priority area(s): ${unknown.join(', ')}`,
          unknown.map((code) => ({ field: 'areas', message: `unknown priority area ${code}` })),
        );
      }
      const [{ id }] = await m.query(
        `INSERT INTO interests (name, email, links, summary, availability, expected_budget_amount, expected_budget_currency, locale, consent_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now()) RETURNING id`,
        [dto.name, dto.email, dto.links ?? [], dto.summary, dto.availability ?? null, dto.expectedBudget?.amount ?? null, dto.expectedBudget?.currency ?? null, locale],
      );
      await m.query(`INSERT INTO interest_areas (interest_id, area_code) SELECT $1, unnest($2::text[])`, [id, dto.areas]);
      const statusUrl = await this.statusUrl(m, id);
      await this.outbox.enqueue(m, {
        template: EmailTemplate.InterestReceived,
        to: dto.email,
        locale,
        props: { name: dto.name, statusUrl, areas: areas.map((a) => areaTitle(locale, a)) },
        // One acknowledgement per address per day whoever submits it, so the form cannot be used
        // to mail a stranger over and over (the per-client rate limit alone allows that from many
        // addresses). Hashed: the key outlives an erasure and must not name the person.
        dedupeKey: `interest-received:${createHash('sha256').update(dto.email.toLowerCase()).digest('hex')}:${new Date().toISOString().slice(0, 10)}`,
      });
      return { id };
    });
  }

  /** What a status link shows: the public status only, in the applicant's language. */
  async publicStatus(token: string) {
    const id = await this.tokens.resolve('interest_status', token);
    const [row] = await this.tx.manager.query(
      `SELECT i.status, i.locale, i.created_at AS "receivedAt", i.updated_at AS "updatedAt",
              COALESCE((SELECT jsonb_agg(jsonb_build_object('code', p.code, 'title', p.title) ORDER BY p.position)
                        FROM interest_areas a JOIN priority_areas p ON p.code = a.area_code WHERE a.interest_id = i.id), '[]') AS areas
       FROM interests i WHERE i.id = $1 AND i.erased_at IS NULL`,
      [id],
    );
    if (!row) throw InterestException.notFound(id);
    const shown = interestWording(row.status, row.locale);
    const areas = (row.areas as { code: string; title: string }[]).map((a) => ({ code: a.code, title: catalogLabel(row.locale, 'areas', a.code, a.title) }));
    return {
      status: PUBLIC_INTEREST_STATUS[row.status as InterestStatus],
      message: shown.message,
      next: shown.next,
      areas,
      receivedAt: row.receivedAt,
      updatedAt: row.updatedAt,
      history: await this.publicHistory(id, row.receivedAt),
      grant: await this.publicGrant(id),
    };
  }

  /**
   * The changes the applicant could see, oldest first, from the audit log of triage moves: a
   * move that does not change the public status (reviewing → shortlisted) is left out.
   */
  private async publicHistory(id: string, receivedAt: Date): Promise<{ status: PublicInterestStatus; at: Date }[]> {
    const moves: { status: InterestStatus; at: Date }[] = await this.tx.manager.query(
      `SELECT after->>'status' AS status, at FROM audit_log WHERE entity = 'interest' AND entity_id = $1 AND action = 'interest.status' ORDER BY seq`,
      [id],
    );
    const history: { status: PublicInterestStatus; at: Date }[] = [{ status: 'received', at: receivedAt }];
    for (const move of moves) {
      const shown = PUBLIC_INTEREST_STATUS[move.status];
      if (shown && shown !== history[history.length - 1].status) history.push({ status: shown, at: move.at });
    }
    return history;
  }

  /** Once a grant grew out of this interest, its public status: the interest itself stays where triage left it. */
  private async publicGrant(id: string) {
    const [grant] = await this.tx.manager.query(
      `SELECT g.title, g.status, g.applicant_locale AS locale, g.updated_at AS "updatedAt",
              COALESCE((SELECT jsonb_agg(jsonb_build_object('status', c.to_status, 'at', c.at) ORDER BY c.at, c.id) FROM grant_status_changes c WHERE c.grant_id = g.id), '[]') AS history
       FROM grants g WHERE g.interest_id = $1 ORDER BY g.created_at DESC LIMIT 1`,
      [id],
    );
    if (!grant) return null;
    return {
      title: grant.title,
      status: grant.status as GrantStatus,
      message: applicationWording(grant.status as GrantStatus, grant.locale).message,
      updatedAt: grant.updatedAt,
      history: grant.history as { status: GrantStatus; at: string }[],
    };
  }

  async list(query: InterestListQuery): Promise<Page<unknown>> {
    const where = `WHERE ($1::text IS NULL OR i.status = $1)
                   AND ($2::text IS NULL OR EXISTS (SELECT 1 FROM interest_areas a WHERE a.interest_id = i.id AND a.area_code = $2))`;
    const params = [query.status ?? null, query.area ?? null];
    const [{ total }] = await this.tx.manager.query(`SELECT count(*)::int AS total FROM interests i ${where}`, params);
    const items = await this.tx.manager.query(`${SELECT_INTEREST} ${where} ORDER BY i.created_at DESC, i.id OFFSET $3 LIMIT $4`, [...params, query.offset, query.limit]);
    return page(items, total, query);
  }

  async get(id: string) {
    const [row] = await this.tx.manager.query(`${SELECT_INTEREST} WHERE i.id = $1`, [id]);
    if (!row) throw InterestException.notFound(id);
    const notes = await this.tx.manager.query(
      `SELECT n.id, n.body, n.author_id AS "authorId", u.name AS "authorName", n.created_at AS "createdAt"
       FROM interest_notes n JOIN users u ON u.id = n.author_id WHERE n.interest_id = $1 ORDER BY n.created_at, n.id`,
      [id],
    );
    return { ...row, notes };
  }

  async addNote(id: string, body: string, actor: Actor) {
    return this.tx.run(async (m) => {
      const interest = await this.lockOpen(m, id);
      const note = await this.insertNote(m, interest.id, body, actor);
      // Notes may name people: the append-only audit log keeps that a note was written, not its text.
      await this.audit.record(m, actor, 'interest.note', 'interest', id, null, { noteId: note.id, length: body.length });
      return note;
    });
  }

  async move(id: string, to: InterestStatus, note: string | undefined, actor: Actor) {
    await this.tx.run(async (m) => {
      const interest = await this.lockOpen(m, id);
      const from = interest.status;
      if (!canMove(INTEREST_MOVES, from, to)) throw InterestException.illegalMove(from, to);
      const moved = await updateReturning(m, `UPDATE interests SET status = $3, updated_at = now() WHERE id = $1 AND status = $2 RETURNING id`, [id, from, to]);
      if (moved.length !== 1) throw InterestException.movedMeanwhile(from, to);
      if (note) await this.insertNote(m, id, note, actor);
      await this.audit.record(m, actor, 'interest.status', 'interest', id, { status: from }, { status: to });
      // The applicant hears about changes they can see: a shortlist still reads "under review".
      if (PUBLIC_INTEREST_STATUS[from] !== PUBLIC_INTEREST_STATUS[to] && interest.email) {
        const shown = interestWording(to, interest.locale);
        await this.outbox.enqueue(m, {
          template: EmailTemplate.InterestStatusChanged,
          to: interest.email,
          locale: interest.locale,
          props: { name: interest.name, status: shown.status, publicStatus: shown.message, statusUrl: await this.statusUrl(m, id) },
          dedupeKey: `interest-status:${id}:${to}`,
        });
      }
    });
    return this.get(id);
  }

  /**
   * Anonymises the applicant's personal data and keeps what the aggregate numbers need
   * (areas, status, dates, budget). Their status links stop working.
   */
  async erase(id: string, actor: Actor): Promise<{ id: string; erasedAt: Date }> {
    return this.tx.run(async (m) => {
      const [row] = await m.query(`SELECT id, email, erased_at AS "erasedAt" FROM interests WHERE id = $1 FOR UPDATE`, [id]);
      if (!row) throw InterestException.notFound(id);
      if (row.erasedAt) return { id, erasedAt: row.erasedAt };
      const traces = await this.eraseTraces(m, id, row.email);
      const [erased] = await updateReturning<{ erasedAt: Date }>(
        m,
        `UPDATE interests SET name = 'erased', email = NULL, links = '{}', summary = '', availability = NULL, erased_at = now(), updated_at = now()
         WHERE id = $1 RETURNING erased_at AS "erasedAt"`,
        [id],
      );
      await m.query(`UPDATE interest_notes SET body = '[erased]' WHERE interest_id = $1`, [id]);
      const revoked = await this.tokens.revokeAll(m, 'interest_status', id);
      await this.audit.record(m, actor, 'interest.erase', 'interest', id, null, { erased: true, linksRevoked: revoked, ...traces });
      return { id, erasedAt: erased.erasedAt };
    });
  }

  /**
   * The applicant's name and address also sit in the emails queued or sent to them about their
   * application, and in a grant made from their interest: both are cleared too (the grant keeps
   * its amounts, states and milestones; its grantee links stop working). Unsent emails are
   * suppressed, since there is nobody left to send them to.
   */
  private async eraseTraces(m: EntityManager, id: string, email: string | null): Promise<{ emailsCleared: number; grantsCleared: number }> {
    const grants = await updateReturning<{ id: string }>(
      m,
      `UPDATE grants SET applicant_name = 'erased', applicant_email = 'erased-' || id || '@erased.invalid', updated_at = now()
       WHERE interest_id = $1 RETURNING id`,
      [id],
    );
    for (const grant of grants) await this.tokens.revokeAll(m, 'grantee', grant.id);
    if (!email) return { emailsCleared: 0, grantsCleared: grants.length };
    const [, emailsCleared] = await m.query(
      `UPDATE email_outbox SET recipient = 'erased', props = '{}'::jsonb, updated_at = now(),
              status = CASE WHEN status IN ('queued', 'sending') THEN 'suppressed' ELSE status END,
              last_error = CASE WHEN status IN ('queued', 'sending') THEN 'recipient erased' ELSE last_error END
       WHERE lower(recipient) = lower($1) AND template = ANY($2)`,
      [email, APPLICANT_TEMPLATES],
    );
    return { emailsCleared, grantsCleared: grants.length };
  }

  private async lockOpen(m: EntityManager, id: string): Promise<InterestRow> {
    const [row] = await m.query(`SELECT id, name, email, locale, status, erased_at AS "erasedAt" FROM interests WHERE id = $1 FOR UPDATE`, [id]);
    if (!row) throw InterestException.notFound(id);
    if (row.erasedAt) throw InterestException.erased(id);
    return row;
  }

  private async insertNote(m: EntityManager, id: string, body: string, actor: Actor) {
    const [note] = await m.query(
      `INSERT INTO interest_notes (interest_id, author_id, body) VALUES ($1, $2, $3) RETURNING id, body, author_id AS "authorId", created_at AS "createdAt"`,
      [id, actor.id, body],
    );
    return note;
  }

  /**
   * Each email carries a fresh link, stored in the outbox only as a reference to its token row:
   * the worker writes the link in when sending (see link-token.ts).
   */
  private async statusUrl(m: EntityManager, id: string): Promise<string> {
    const { id: tokenId } = await this.tokens.issue(m, 'interest_status', id, this.config.get('INTEREST_LINK_TTL_DAYS', { infer: true }));
    return linkRefs.interestStatus(tokenId);
  }
}
