import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { AccessTokenService } from '../auth/access-token.js';
import { page, Page } from '../common/pagination/pagination.dto.js';
import { canMove } from '../common/state-machine/state-machine.js';
import type { Env } from '../config/env.validation.js';
import { updateReturning } from '../database/sql.js';
import { TransactionService } from '../database/transaction.service.js';
import { EmailTemplate } from '../email/email-template.js';
import { RolesService } from '../roles/roles.service.js';
import { boardMembers } from '../users/board.js';
import type { Actor } from '../users/role.js';
import { APPLICATION_MOVES, ApplicationStage, isVotedMove, VOTING_STAGE } from './application-stage.js';
import { hiringOutcome, hiringQuorum, hiringRecusal, HiringVote } from './hiring-tally.js';
import { ApplicationsQuery, ApplicationVoteDto } from './hiring.dto.js';
import { HiringException } from './hiring.exception.js';

interface ApplicationRow {
  id: string;
  roleId: string;
  name: string;
  email: string | null;
  stage: ApplicationStage;
  erasedAt: Date | null;
}

const SELECT = `
  SELECT a.id, a.role_id AS "roleId", r.title AS "roleTitle", a.name, a.email, a.message, a.links, a.locale, a.stage,
         (c.application_id IS NOT NULL) AS "hasCv", length(c.content) AS "cvBytes",
         CASE WHEN a.quorum_applied IS NULL THEN NULL ELSE jsonb_build_object('configured', a.quorum_configured, 'applied', a.quorum_applied,
              'reduced', a.quorum_applied < a.quorum_configured, 'reducedReason', a.quorum_reduced_reason) END AS quorum,
         a.decided_at AS "decidedAt", a.erased_at AS "erasedAt", a.created_at AS "createdAt", a.updated_at AS "updatedAt"
  FROM role_applications a JOIN roles r ON r.id = a.role_id LEFT JOIN role_application_cvs c ON c.application_id = a.id`;

/** The board's side of hiring: triage, notes, the offer vote, hiring, erasure (see docs/roles.md). */
@Injectable()
export class ApplicationReviewService {
  constructor(
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
    private readonly roles: RolesService,
    private readonly tokens: AccessTokenService,
    private readonly config: ConfigService<Env, true>,
  ) {}

  async list(query: ApplicationsQuery): Promise<Page<unknown>> {
    const where = `WHERE ($1::uuid IS NULL OR a.role_id = $1::uuid) AND ($2::text IS NULL OR a.stage = $2)`;
    const params = [query.roleId ?? null, query.stage ?? null];
    const [{ total }] = await this.tx.manager.query(`SELECT count(*)::int AS total FROM role_applications a ${where}`, params);
    const items = await this.tx.manager.query(`${SELECT} ${where} ORDER BY a.created_at DESC, a.id OFFSET $3 LIMIT $4`, [...params, query.offset, query.limit]);
    return page(items, total, query);
  }

  async get(id: string) {
    const m = this.tx.manager;
    const [row] = await m.query(`${SELECT} WHERE a.id = $1`, [id]);
    if (!row) throw HiringException.notFound(id);
    const notes = await m.query(
      `SELECT n.id, n.body, n.author_id AS "authorId", u.name AS "authorName", n.created_at AS "createdAt"
         FROM role_application_notes n JOIN users u ON u.id = n.author_id WHERE n.application_id = $1 ORDER BY n.created_at, n.id`,
      [id],
    );
    const votes = await m.query(
      `SELECT v.id, v.voter_id AS "voterId", u.name AS "voterName", v.decision, v.recusal_reason AS "recusalReason", v.comment, v.created_at AS "createdAt"
         FROM role_application_votes v JOIN users u ON u.id = v.voter_id WHERE v.application_id = $1 ORDER BY v.created_at, v.id`,
      [id],
    );
    return { ...row, notes, votes };
  }

  /** The CV's bytes, for the board only; never served on a public route. */
  async cv(id: string): Promise<{ content: Buffer; filename: string }> {
    const [row] = await this.tx.manager.query(`SELECT content, filename FROM role_application_cvs WHERE application_id = $1`, [id]);
    if (!row) throw HiringException.noCv(id);
    return { content: row.content, filename: (row.filename ?? 'cv.pdf').replace(/[^\w.-]+/g, '_') };
  }

  addNote(id: string, body: string, actor: Actor) {
    return this.tx.run(async (m) => {
      await this.lockOpen(m, id);
      const note = await this.insertNote(m, id, body, actor);
      // Notes may name people: the append-only audit log keeps that a note was written, not its text.
      await this.audit.record(m, actor, 'role_application.note', 'role_application', id, null, { noteId: note.id, length: body.length });
      return note;
    });
  }

  /** A board move; `hired` makes the applicant the role's holder and the role active, in the same transaction. */
  async move(id: string, to: ApplicationStage, note: string | undefined, actor: Actor) {
    await this.tx.run(async (m) => {
      const app = await this.lockOpen(m, id);
      const from = app.stage;
      if (!canMove(APPLICATION_MOVES, from, to)) throw HiringException.illegalMove(from, to, APPLICATION_MOVES[from]);
      if (isVotedMove(from, to)) throw HiringException.needsVote(from, to);
      if (to === 'hired') {
        await this.roles.moveIn(m, app.roleId, { status: 'active', holder: { name: app.name, email: app.email! }, note: `Hired through application ${id}` }, actor);
      }
      await this.setStage(m, id, from, to);
      if (note) await this.insertNote(m, id, note, actor);
      await this.audit.record(m, actor, 'role_application.stage', 'role_application', id, { stage: from }, { stage: to });
    });
    return this.get(id);
  }

  /**
   * One vote per board member on making an offer, while interviewing. The application row is
   * locked for the vote, so concurrent votes count one after the other and exactly one decides.
   */
  async vote(id: string, dto: ApplicationVoteDto, actor: Actor) {
    const outcome = await this.tx.run(async (m) => {
      const app = await this.lockOpen(m, id);
      if (app.stage !== VOTING_STAGE) throw HiringException.notVoting(app.stage);
      const voted = await m.query(`SELECT 1 FROM role_application_votes WHERE application_id = $1 AND voter_id = $2`, [id, actor.id]);
      if (voted.length) throw HiringException.alreadyVoted();
      const recused = hiringRecusal(dto.conflictOfInterest, actor.email, app.email!);
      const decision: HiringVote = recused ? 'recused' : dto.decision;
      await m.query(`INSERT INTO role_application_votes (application_id, voter_id, decision, recusal_reason, conflict_of_interest, comment) VALUES ($1, $2, $3, $4, $5, $6)`, [
        id,
        actor.id,
        decision,
        recused,
        dto.conflictOfInterest,
        dto.comment ?? null,
      ]);
      const votes: { voterId: string; decision: HiringVote; recusalReason: string | null }[] = await m.query(
        `SELECT voter_id AS "voterId", decision, recusal_reason AS "recusalReason" FROM role_application_votes WHERE application_id = $1`,
        [id],
      );
      const board = await boardMembers(m);
      // The applicant on the board is recused whether or not they vote; a conflict only once declared.
      const applicantOnBoard = board.filter((b) => b.email.toLowerCase() === app.email!.toLowerCase()).length;
      const conflicts = votes.filter((v) => v.recusalReason === 'conflict_of_interest' && board.some((b) => b.id === v.voterId)).length;
      const quorum = hiringQuorum(this.config.get('GRANT_REVIEW_QUORUM', { infer: true }), board.length, { conflict_of_interest: conflicts, applicant: applicantOnBoard });
      const result = hiringOutcome(
        votes.map((v) => v.decision),
        quorum.applied,
      );
      if (result !== 'pending') {
        const moved = await updateReturning(
          m,
          `UPDATE role_applications SET stage = $3, quorum_configured = $4, quorum_applied = $5, quorum_reduced_reason = $6, decided_at = now(), updated_at = now()
           WHERE id = $1 AND stage = $2 RETURNING id`,
          [id, app.stage, result, quorum.configured, quorum.applied, quorum.reducedReason],
        );
        if (moved.length !== 1) throw HiringException.movedMeanwhile(app.stage, result);
      }
      await this.audit.record(m, actor, 'role_application.vote', 'role_application', id, { stage: app.stage }, { decision, recusalReason: recused, outcome: result, quorum });
      return { decision, recusalReason: recused, outcome: result, quorum };
    });
    return { vote: outcome, application: await this.get(id) };
  }

  /**
   * Erasure on request: the CV is deleted, the personal data anonymised (stage and dates stay,
   * for the numbers), status links stop working, and the emails about the application lose
   * their content (unsent ones are suppressed). A hired applicant stays the role's holder:
   * that is the role's record, not the application's.
   */
  erase(id: string, actor: Actor): Promise<{ id: string; erasedAt: Date }> {
    return this.tx.run(async (m) => {
      const [row] = await m.query(`SELECT id, email, erased_at AS "erasedAt" FROM role_applications WHERE id = $1 FOR UPDATE`, [id]);
      if (!row) throw HiringException.notFound(id);
      if (row.erasedAt) return { id, erasedAt: row.erasedAt };
      const [, cvsDeleted] = await m.query(`DELETE FROM role_application_cvs WHERE application_id = $1`, [id]);
      const [erased] = await updateReturning<{ erasedAt: Date }>(
        m,
        `UPDATE role_applications SET name = 'erased', email = NULL, message = '', links = '{}', erased_at = now(), updated_at = now()
         WHERE id = $1 RETURNING erased_at AS "erasedAt"`,
        [id],
      );
      await m.query(`UPDATE role_application_notes SET body = '[erased]' WHERE application_id = $1`, [id]);
      await m.query(`UPDATE role_application_votes SET comment = NULL WHERE application_id = $1`, [id]);
      const linksRevoked = await this.tokens.revokeAll(m, 'role_application_status', id);
      const [, emailsCleared] = await m.query(
        `UPDATE email_outbox SET props = '{}'::jsonb, updated_at = now(),
                recipient = CASE WHEN template = $3 THEN 'erased' ELSE recipient END,
                status = CASE WHEN status IN ('queued', 'sending') THEN 'suppressed' ELSE status END,
                last_error = CASE WHEN status IN ('queued', 'sending') THEN 'applicant erased' ELSE last_error END
         WHERE (template = $3 AND lower(recipient) = lower($1)) OR (template = $4 AND dedupe_key LIKE $2)`,
        [row.email, `role-application-board:${id}:%`, EmailTemplate.RoleApplicationReceived, EmailTemplate.RoleApplicationBoard],
      );
      await this.audit.record(m, actor, 'role_application.erase', 'role_application', id, null, { erased: true, cvDeleted: cvsDeleted > 0, linksRevoked, emailsCleared });
      return { id, erasedAt: erased.erasedAt };
    });
  }

  private async setStage(m: EntityManager, id: string, from: ApplicationStage, to: ApplicationStage): Promise<void> {
    const moved = await updateReturning(m, `UPDATE role_applications SET stage = $3, updated_at = now() WHERE id = $1 AND stage = $2 RETURNING id`, [id, from, to]);
    if (moved.length !== 1) throw HiringException.movedMeanwhile(from, to);
  }

  private async lockOpen(m: EntityManager, id: string): Promise<ApplicationRow> {
    const [row]: ApplicationRow[] = await m.query(`SELECT id, role_id AS "roleId", name, email, stage, erased_at AS "erasedAt" FROM role_applications WHERE id = $1 FOR UPDATE`, [
      id,
    ]);
    if (!row) throw HiringException.notFound(id);
    if (row.erasedAt) throw HiringException.erased(id);
    return row;
  }

  private async insertNote(m: EntityManager, id: string, body: string, actor: Actor) {
    const [note] = await m.query(
      `INSERT INTO role_application_notes (application_id, author_id, body) VALUES ($1, $2, $3) RETURNING id, body, author_id AS "authorId", created_at AS "createdAt"`,
      [id, actor.id, body],
    );
    return note;
  }
}
