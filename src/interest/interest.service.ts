import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { InvalidInputException } from '../common/errors/app.exception.js';
import { page, Page } from '../common/pagination/pagination.dto.js';
import type { Env } from '../config/env.validation.js';
import { TransactionService } from '../database/transaction.service.js';
import { EmailTemplate, Locale, pickLocale } from '../email/email-template.js';
import { OutboxService } from '../email/outbox.service.js';
import { AccessTokenService } from '../grants/access-token.js';
import { GrantStatus, publicGrantWording } from '../grants/grant-status.js';
import { GrantsException } from '../grants/grants.exception.js';
import { links } from '../grants/links.js';
import { updateReturning } from '../grants/sql.js';
import { canMove } from '../grants/state-machine.js';
import type { Actor } from '../users/role.js';
import { CreateInterestDto, InterestListQuery } from './interest.dto.js';
import { INTEREST_MOVES, InterestStatus, PUBLIC_INTEREST_STATUS, PublicInterestStatus, publicInterestWording } from './interest-status.js';

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

  priorityAreas(): Promise<{ code: string; title: string }[]> {
    return this.tx.manager.query(`SELECT code, title FROM priority_areas ORDER BY position`);
  }

  async submit(dto: CreateInterestDto, acceptLanguage: string | undefined): Promise<{ id: string }> {
    // Honeypot: a bot that fills every field gets the same answer as a person, and nothing is kept.
    if (dto.website && dto.website.trim() !== '') return { id: randomUUID() };
    const locale = pickLocale(acceptLanguage);
    return this.tx.run(async (m) => {
      const areas: { code: string; title: string }[] = await m.query(`SELECT code, title FROM priority_areas WHERE code = ANY($1) ORDER BY position`, [dto.areas]);
      const unknown = dto.areas.filter((code) => !areas.some((a) => a.code === code));
      if (unknown.length) {
        throw new InvalidInputException(`Unknown priority area(s): ${unknown.join(', ')}`, unknown.map((code) => ({ field: 'areas', message: `unknown priority area ${code}` })));
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
        props: { name: dto.name, statusUrl, areas: areas.map((a) => a.title) },
        dedupeKey: `interest-received:${id}`,
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
    if (!row) throw GrantsException.notFound('interest', id);
    const shown = publicInterestWording(row.status, row.locale);
    return {
      status: shown.status,
      message: shown.wording,
      areas: row.areas,
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
    return { title: grant.title, status: grant.status as GrantStatus, message: publicGrantWording(grant.status, grant.locale), updatedAt: grant.updatedAt, history: grant.history as { status: GrantStatus; at: string }[] };
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
    if (!row) throw GrantsException.notFound('interest', id);
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
      if (!canMove(INTEREST_MOVES, from, to)) throw GrantsException.illegalMove('interest', from, to);
      const moved = await updateReturning(m, `UPDATE interests SET status = $3, updated_at = now() WHERE id = $1 AND status = $2 RETURNING id`, [id, from, to]);
      if (moved.length !== 1) throw GrantsException.movedMeanwhile('interest', from, to);
      if (note) await this.insertNote(m, id, note, actor);
      await this.audit.record(m, actor, 'interest.status', 'interest', id, { status: from }, { status: to });
      // The applicant hears about changes they can see: a shortlist still reads "under review".
      if (PUBLIC_INTEREST_STATUS[from] !== PUBLIC_INTEREST_STATUS[to] && interest.email) {
        const shown = publicInterestWording(to, interest.locale);
        await this.outbox.enqueue(m, {
          template: EmailTemplate.InterestStatusChanged,
          to: interest.email,
          locale: interest.locale,
          props: { name: interest.name, status: shown.status, publicStatus: shown.wording, statusUrl: await this.statusUrl(m, id) },
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
      const [row] = await m.query(`SELECT id, erased_at AS "erasedAt" FROM interests WHERE id = $1 FOR UPDATE`, [id]);
      if (!row) throw GrantsException.notFound('interest', id);
      if (row.erasedAt) return { id, erasedAt: row.erasedAt };
      const [erased] = await updateReturning<{ erasedAt: Date }>(
        m,
        `UPDATE interests SET name = 'erased', email = NULL, links = '{}', summary = '', availability = NULL, erased_at = now(), updated_at = now()
         WHERE id = $1 RETURNING erased_at AS "erasedAt"`,
        [id],
      );
      await m.query(`UPDATE interest_notes SET body = '[erased]' WHERE interest_id = $1`, [id]);
      const revoked = await this.tokens.revokeAll(m, 'interest_status', id);
      await this.audit.record(m, actor, 'interest.erase', 'interest', id, null, { erased: true, linksRevoked: revoked });
      return { id, erasedAt: erased.erasedAt };
    });
  }

  private async lockOpen(m: EntityManager, id: string): Promise<InterestRow> {
    const [row] = await m.query(`SELECT id, name, email, locale, status, erased_at AS "erasedAt" FROM interests WHERE id = $1 FOR UPDATE`, [id]);
    if (!row) throw GrantsException.notFound('interest', id);
    if (row.erasedAt) throw new GrantsException('conflict', 'interest_erased', `Interest ${id} was erased`);
    return row;
  }

  private async insertNote(m: EntityManager, id: string, body: string, actor: Actor) {
    const [note] = await m.query(
      `INSERT INTO interest_notes (interest_id, author_id, body) VALUES ($1, $2, $3) RETURNING id, body, author_id AS "authorId", created_at AS "createdAt"`,
      [id, actor.id, body],
    );
    return note;
  }

  /** Each email carries a fresh link: only hashes are kept, so an old link cannot be re-sent. */
  private async statusUrl(m: EntityManager, id: string): Promise<string> {
    const { token } = await this.tokens.issue(m, 'interest_status', id, this.config.get('INTEREST_LINK_TTL_DAYS', { infer: true }));
    return links.interestStatus(this.config.get('APP_URL', { infer: true }), token);
  }
}
