import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { InvalidInputException } from '../common/errors/app.exception.js';
import { formatMoney } from '../common/money/money.js';
import { page, Page } from '../common/pagination/pagination.dto.js';
import { canMove } from '../common/state-machine/state-machine.js';
import { updateReturning } from '../database/sql.js';
import { TransactionService } from '../database/transaction.service.js';
import { EmailTemplate, Locale } from '../email/email-template.js';
import { OutboxService } from '../email/outbox.service.js';
import { applicationWording } from '../i18n/applicant-wording.js';
import type { Actor } from '../users/role.js';
import { GRANT_MOVES, GrantStatus } from './grant-status.js';
import { GrantRow, milestoneColumns, MilestoneRow, presentGrant, presentMilestone, SELECT_GRANT } from './grant-views.js';
import { GranteeLinksService } from './grantee-links.service.js';
import { CreateGrantDto, GrantListQuery, GrantStatusDto, SELF_FUNDER, UpdateGrantDto } from './grants.dto.js';
import { GrantsException } from './grants.exception.js';

/** Grant applications and their state machine (SPEC §8, §12). */
@Injectable()
export class GrantsService {
  constructor(
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly granteeLinks: GranteeLinksService,
  ) {}

  async create(dto: CreateGrantDto, actor: Actor) {
    if (dto.requestedAmount.amount <= 0) {
      throw new InvalidInputException('requestedAmount must be more than zero', [{ field: 'requestedAmount.amount', message: 'must be more than zero' }]);
    }
    if (dto.funder === SELF_FUNDER && !dto.fund) throw GrantsException.fundRequired();
    return this.tx.run(async (m) => {
      let locale: Locale = dto.applicant.locale ?? 'en';
      if (dto.interestId) {
        const [interest] = await m.query(`SELECT locale FROM interests WHERE id = $1`, [dto.interestId]);
        if (!interest) throw new InvalidInputException(`Interest ${dto.interestId} does not exist`, [{ field: 'interestId', message: 'no such interest' }]);
        locale = dto.applicant.locale ?? interest.locale;
      }
      if (dto.callId && !(await m.query(`SELECT 1 FROM calls WHERE id = $1`, [dto.callId])).length) {
        throw new InvalidInputException(`Call ${dto.callId} does not exist`, [{ field: 'callId', message: 'no such call' }]);
      }
      const [{ id }] = await m.query(
        `INSERT INTO grants (title, funder, programme, call_id, interest_id, applicant_name, applicant_email, applicant_locale, abstract, currency, requested_amount, fund, external_ref, administered)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
        [
          dto.title,
          dto.funder,
          dto.programme ?? null,
          dto.callId ?? null,
          dto.interestId ?? null,
          dto.applicant.name,
          dto.applicant.email,
          locale,
          dto.abstract ?? null,
          dto.requestedAmount.currency,
          dto.requestedAmount.amount,
          dto.fund ?? null,
          dto.externalRef ?? null,
          dto.administered ?? true,
        ],
      );
      if (dto.areas) await this.setAreas(m, id, dto.areas);
      const grant = presentGrant(await this.row(m, id));
      await this.audit.record(m, actor, 'grant.create', 'grant', id, null, grant);
      return grant;
    });
  }

  async list(query: GrantListQuery): Promise<Page<ReturnType<typeof presentGrant>>> {
    const where = `WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR funder = $2) AND ($3::uuid IS NULL OR call_id = $3)`;
    const params = [query.status ?? null, query.funder ?? null, query.callId ?? null];
    const [{ total }] = await this.tx.manager.query(`SELECT count(*)::int AS total FROM grants ${where}`, params);
    const rows: GrantRow[] = await this.tx.manager.query(`${SELECT_GRANT} ${where} ORDER BY created_at DESC, id OFFSET $4 LIMIT $5`, [...params, query.offset, query.limit]);
    return page(rows.map(presentGrant), total, query);
  }

  /** Staff view: the grant, its milestones and its status history with internal notes. */
  async get(id: string) {
    const m = this.tx.manager;
    const grant = await this.row(m, id);
    const milestones: MilestoneRow[] = await m.query(`SELECT ${milestoneColumns()} FROM milestones WHERE grant_id = $1 ORDER BY position`, [id]);
    const history = await m.query(
      `SELECT from_status AS "from", to_status AS "to", note, actor_id AS "actorId", at FROM grant_status_changes WHERE grant_id = $1 ORDER BY at, id`,
      [id],
    );
    return { ...presentGrant(grant), milestones: milestones.map((ms) => presentMilestone(ms, grant.currency)), history };
  }

  async update(id: string, dto: UpdateGrantDto, actor: Actor) {
    return this.tx.run(async (m) => {
      const before = presentGrant(await this.row(m, id, true));
      await m.query(
        `UPDATE grants SET title = COALESCE($2, title), programme = COALESCE($3, programme), abstract = COALESCE($4, abstract),
                           external_ref = COALESCE($5, external_ref), call_id = COALESCE($6, call_id), administered = COALESCE($7, administered),
                           updated_at = now() WHERE id = $1`,
        [id, dto.title ?? null, dto.programme ?? null, dto.abstract ?? null, dto.externalRef ?? null, dto.callId ?? null, dto.administered ?? null],
      );
      if (dto.areas) await this.setAreas(m, id, dto.areas);
      const after = presentGrant(await this.row(m, id));
      await this.audit.record(m, actor, 'grant.update', 'grant', id, before, after);
      return after;
    });
  }

  /** Replaces a grant's priority areas; every code must name an active area (400 naming the others). */
  private async setAreas(m: EntityManager, grantId: string, areas: string[]): Promise<void> {
    const codes = [...new Set(areas)];
    const known: { code: string }[] = await m.query(`SELECT code FROM priority_areas WHERE code = ANY($1) AND active`, [codes]);
    const unknown = codes.filter((c) => !known.some((k) => k.code === c));
    if (unknown.length) throw new InvalidInputException(`Unknown priority areas: ${unknown.join(', ')}`, [{ field: 'areas', message: `unknown: ${unknown.join(', ')}` }]);
    await m.query(`DELETE FROM grant_areas WHERE grant_id = $1`, [grantId]);
    await m.query(`INSERT INTO grant_areas (grant_id, area_code) SELECT $1, unnest($2::text[])`, [grantId, codes]);
  }

  /**
   * Moves the application through SPEC §8. The row is locked first (activation checks the
   * milestones against the award, which a concurrent PUT of milestones must not change under
   * it) and the UPDATE is still conditional on the state we checked.
   */
  async move(id: string, dto: GrantStatusDto, actor: Actor) {
    await this.tx.run(async (m) => {
      const grant = await this.row(m, id, true);
      const from = grant.status;
      const to = dto.status;
      if (!canMove(GRANT_MOVES, from, to)) throw GrantsException.illegalMove('grant', from, to);
      let awarded = grant.awardedAmount;
      if (to === 'selected') {
        if (!dto.awardedAmount) throw GrantsException.awardRequired();
        if (dto.awardedAmount.currency !== grant.currency) throw GrantsException.currencyMismatch('awardedAmount.currency', grant.currency, dto.awardedAmount.currency);
        if (dto.awardedAmount.amount <= 0)
          throw new InvalidInputException('awardedAmount must be more than zero', [{ field: 'awardedAmount.amount', message: 'must be more than zero' }]);
        awarded = String(dto.awardedAmount.amount);
      }
      if (to === 'active') await this.assertMilestonesMatchAward(m, grant);
      if (to === 'completed') {
        const [{ open }] = await m.query(`SELECT count(*)::int AS open FROM milestones WHERE grant_id = $1 AND status <> 'paid'`, [id]);
        if (open > 0) throw GrantsException.notAllPaid(open);
      }
      const moved = await updateReturning(m, `UPDATE grants SET status = $3, awarded_amount = $4, updated_at = now() WHERE id = $1 AND status = $2 RETURNING id`, [
        id,
        from,
        to,
        awarded,
      ]);
      if (moved.length !== 1) throw GrantsException.movedMeanwhile('grant', from, to);
      await m.query(`INSERT INTO grant_status_changes (grant_id, from_status, to_status, note, actor_id) VALUES ($1, $2, $3, $4, $5)`, [id, from, to, dto.note ?? null, actor.id]);
      await this.audit.record(m, actor, 'grant.status', 'grant', id, { status: from }, { status: to, awardedAmount: awarded, note: dto.note ?? null });
      await this.notifyApplicant(m, { ...grant, status: to }, to);
    });
    return this.get(id);
  }

  /** Revokes every grantee link of the grant and issues a new one (lost or leaked link). */
  async reissueGranteeLink(id: string, actor: Actor) {
    return this.tx.run(async (m) => {
      const grant = await this.row(m, id, true);
      if (grant.status !== 'active') throw GrantsException.noLink();
      const revoked = await this.granteeLinks.revokeAll(m, id);
      const link = await this.granteeLinks.issue(m, id);
      await this.audit.record(m, actor, 'grant.grantee-link', 'grant', id, null, { revoked });
      return { ...link, revoked };
    });
  }

  async row(m: EntityManager, id: string, lock = false): Promise<GrantRow> {
    const [row] = await m.query(`${SELECT_GRANT} WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`, [id]);
    if (!row) throw GrantsException.notFound('grant', id);
    return row;
  }

  private async assertMilestonesMatchAward(m: EntityManager, grant: GrantRow): Promise<void> {
    const [{ total, count }] = await m.query(`SELECT COALESCE(sum(amount), 0)::text AS total, count(*)::int AS count FROM milestones WHERE grant_id = $1`, [grant.id]);
    const awarded = BigInt(grant.awardedAmount ?? 0);
    const planned = BigInt(total);
    if (count === 0 || planned !== awarded) {
      const fmt = (v: bigint) => formatMoney(v, grant.currency);
      const diff = awarded - planned;
      throw GrantsException.milestonesDoNotSum(fmt(awarded), fmt(planned), `${diff > 0n ? 'missing' : 'over by'} ${fmt(diff < 0n ? -diff : diff)}`);
    }
  }

  /** Every change reaches the applicant in its public wording; internal notes never do. */
  private async notifyApplicant(m: EntityManager, grant: GrantRow, to: GrantStatus): Promise<void> {
    const granteeUrl = to === 'active' ? (await this.granteeLinks.issue(m, grant.id)).ref : undefined;
    await this.outbox.enqueue(m, {
      template: EmailTemplate.ApplicationStatusChanged,
      to: grant.applicantEmail,
      locale: grant.applicantLocale,
      props: {
        name: grant.applicantName,
        title: grant.title,
        status: to,
        publicStatus: applicationWording(to, grant.applicantLocale).message,
        ...(granteeUrl ? { granteeUrl } : {}),
      },
      dedupeKey: `grant-status:${grant.id}:${to}`,
    });
  }
}
