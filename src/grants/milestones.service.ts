import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { InvalidInputException } from '../common/errors/app.exception.js';
import { canMove } from '../common/state-machine/state-machine.js';
import { isCalendarDate } from '../common/validation/validators.js';
import { updateReturning } from '../database/sql.js';
import { TransactionService } from '../database/transaction.service.js';
import type { Actor } from '../users/role.js';
import { MILESTONES_REPLACEABLE } from './grant-status.js';
import { GrantRow, milestoneColumns, MilestoneRow, presentMilestone, SELECT_GRANT } from './grant-views.js';
import { MilestoneInputDto } from './grants.dto.js';
import { GrantsException } from './grants.exception.js';
import { MILESTONE_EXPENSE_POSTER, type MilestoneExpensePoster } from './expense-poster.js';
import { FROZEN_MILESTONE, MILESTONE_MOVES, MilestoneStatus } from './milestone-status.js';

/** Milestone plans (replaced before activation, versioned amendments after) and payment. */
@Injectable()
export class MilestonesService {
  constructor(
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
    @Inject(MILESTONE_EXPENSE_POSTER) private readonly expenses: MilestoneExpensePoster,
  ) {}

  /**
   * Before activation the list replaces the plan. Once active it is an amendment: every
   * existing milestone must be listed by id (none is dropped), changed ones get a new version
   * with the prior one kept in milestone_versions, frozen ones may not change, and the plan
   * must still sum to the award.
   */
  async put(grantId: string, items: MilestoneInputDto[], actor: Actor) {
    return this.tx.run(async (m) => {
      const [grant]: GrantRow[] = await m.query(`${SELECT_GRANT} WHERE id = $1 FOR UPDATE`, [grantId]);
      if (!grant) throw GrantsException.notFound('grant', grantId);
      const before = await this.milestones(m, grantId, true);
      if (MILESTONES_REPLACEABLE.includes(grant.status)) {
        if (before.length) await m.query(`DELETE FROM milestones WHERE grant_id = $1`, [grantId]);
        for (const [i, item] of items.entries()) await this.insert(m, grantId, i + 1, item);
      } else if (grant.status === 'active') {
        await this.amend(m, grant, before, items, actor);
      } else {
        throw GrantsException.milestonesLocked(grant.status);
      }
      const after = await this.milestones(m, grantId);
      await this.audit.record(
        m,
        actor,
        grant.status === 'active' ? 'grant.milestones.amend' : 'grant.milestones.replace',
        'grant',
        grantId,
        before.map((ms) => presentMilestone(ms, grant.currency)),
        after.map((ms) => presentMilestone(ms, grant.currency)),
      );
      const total = after.reduce((sum, ms) => sum + BigInt(ms.amount), 0n);
      return {
        items: after.map((ms) => presentMilestone(ms, grant.currency)),
        total: { amount: Number(total), currency: grant.currency },
        awardedAmount: grant.awardedAmount === null ? null : { amount: Number(grant.awardedAmount), currency: grant.currency },
      };
    });
  }

  async get(id: string) {
    const m = this.tx.manager;
    const [ms]: (MilestoneRow & { currency: string; grantTitle: string })[] = await m.query(
      `SELECT ${milestoneColumns('m')}, g.currency, g.title AS "grantTitle"
       FROM milestones m JOIN grants g ON g.id = m.grant_id WHERE m.id = $1`,
      [id],
    );
    if (!ms) throw GrantsException.notFound('milestone', id);
    const reviews = await m.query(
      `SELECT r.id, r.round, r.reviewer_id AS "reviewerId", u.name AS "reviewerName", r.decision, r.recusal_reason AS "recusalReason",
              r.conflict_of_interest AS "conflictOfInterest", r.comment, r.created_at AS "createdAt"
       FROM milestone_reviews r JOIN users u ON u.id = r.reviewer_id WHERE r.milestone_id = $1 ORDER BY r.round, r.created_at, r.id`,
      [id],
    );
    const versions = await m.query(
      `SELECT version, title, deliverables, amount::text AS amount, to_char(due_on, 'YYYY-MM-DD') AS "dueOn", replaced_by AS "replacedBy", replaced_at AS "replacedAt"
       FROM milestone_versions WHERE milestone_id = $1 ORDER BY version`,
      [id],
    );
    const { currency, grantTitle, ...row } = ms;
    return { ...presentMilestone(row, currency), grantTitle, reviews, versions: versions.map((v: { amount: string }) => ({ ...v, amount: Number(v.amount) })) };
  }

  requestPayment(id: string, actor: Actor) {
    return this.advance(id, 'payment_requested', actor, async (m, ms) => {
      await updateReturning(m, `UPDATE milestones SET payment_requested_at = now() WHERE id = $1`, [ms.id]);
    });
  }

  /**
   * Records the payment. For NLnet grants that is the date NLnet paid the grantee; for the
   * organisation's own stipends it also posts the expense from the grant's fund, in the same
   * transaction, so a milestone is never paid without its expense or the other way round.
   */
  markPaid(id: string, paidOn: string, actor: Actor) {
    if (!isCalendarDate(paidOn)) throw new InvalidInputException('paidOn must be a real date YYYY-MM-DD', [{ field: 'paidOn', message: 'must be a real date YYYY-MM-DD' }]);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    if (paidOn > tomorrow) throw new InvalidInputException('paidOn cannot be in the future', [{ field: 'paidOn', message: 'cannot be in the future' }]);
    return this.advance(
      id,
      'paid',
      actor,
      async (m, ms, grant) => {
        if (grant.funder === 'self') {
          await this.expenses.post(
            m,
            {
              milestoneId: ms.id,
              grantId: grant.id,
              grantTitle: grant.title,
              milestoneTitle: ms.title,
              fund: grant.fund as string,
              amount: BigInt(ms.amount),
              currency: grant.currency,
              paidOn,
              payee: grant.applicantName,
            },
            actor,
          );
        }
      },
      paidOn,
    );
  }

  private async advance(id: string, to: MilestoneStatus, actor: Actor, extra: (m: EntityManager, ms: MilestoneRow, grant: GrantRow) => Promise<void>, paidOn?: string) {
    await this.tx.run(async (m) => {
      const [ms]: MilestoneRow[] = await m.query(`SELECT ${milestoneColumns()} FROM milestones WHERE id = $1 FOR UPDATE`, [id]);
      if (!ms) throw GrantsException.notFound('milestone', id);
      const [grant]: GrantRow[] = await m.query(`${SELECT_GRANT} WHERE id = $1`, [ms.grantId]);
      if (grant.status !== 'active') throw GrantsException.grantNotActive(grant.status);
      if (!canMove(MILESTONE_MOVES, ms.status, to)) throw GrantsException.illegalMove('milestone', ms.status, to);
      // paid_on and status change together (CHECK: paid ⇔ paid_on), so 'paid' sets both here.
      const moved = await updateReturning(
        m,
        `UPDATE milestones SET status = $3, paid_on = COALESCE($4::date, paid_on), updated_at = now() WHERE id = $1 AND status = $2 RETURNING id`,
        [id, ms.status, to, paidOn ?? null],
      );
      if (moved.length !== 1) throw GrantsException.movedMeanwhile('milestone', ms.status, to);
      await extra(m, ms, grant);
      await this.audit.record(m, actor, `milestone.${to}`, 'milestone', id, { status: ms.status }, { status: to, paidOn: paidOn ?? null });
    });
    return this.get(id);
  }

  private async amend(m: EntityManager, grant: GrantRow, before: MilestoneRow[], items: MilestoneInputDto[], actor: Actor): Promise<void> {
    const byId = new Map(before.map((ms) => [ms.id, ms]));
    const listed = new Set(items.filter((i) => i.id).map((i) => i.id));
    for (const item of items) if (item.id && !byId.has(item.id)) throw GrantsException.unknownMilestone(item.id);
    for (const ms of before) if (!listed.has(ms.id)) throw GrantsException.cannotDrop(ms.id);
    const total = items.reduce((sum, i) => sum + BigInt(i.amount), 0n);
    if (total !== BigInt(grant.awardedAmount ?? 0)) {
      const diff = BigInt(grant.awardedAmount ?? 0) - total;
      throw GrantsException.milestonesDoNotSum(
        String(grant.awardedAmount),
        String(total),
        `${diff > 0n ? 'missing' : 'over by'} ${diff < 0n ? -diff : diff} minor units of ${grant.currency}`,
      );
    }
    for (const [i, item] of items.entries()) {
      const old = item.id ? byId.get(item.id) : undefined;
      if (!old) {
        await this.insert(m, grant.id, i + 1, item);
        continue;
      }
      const changed =
        old.title !== item.title || (old.deliverables ?? null) !== (item.deliverables ?? null) || BigInt(old.amount) !== BigInt(item.amount) || old.dueOn !== item.dueOn;
      if (changed && FROZEN_MILESTONE.includes(old.status)) throw GrantsException.frozen(old.id, old.status);
      if (changed) {
        await m.query(`INSERT INTO milestone_versions (milestone_id, version, title, deliverables, amount, due_on, replaced_by) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
          old.id,
          old.version,
          old.title,
          old.deliverables,
          old.amount,
          old.dueOn,
          actor.id,
        ]);
      }
      await m.query(
        `UPDATE milestones SET position = $2, title = $3, deliverables = $4, amount = $5, due_on = $6, version = version + $7, tracking_url = $8, updated_at = now()
          WHERE id = $1`,
        [old.id, i + 1, item.title, item.deliverables ?? null, item.amount, item.dueOn, changed ? 1 : 0, item.trackingUrl ?? null],
      );
    }
  }

  private async insert(m: EntityManager, grantId: string, position: number, item: MilestoneInputDto): Promise<void> {
    await m.query(`INSERT INTO milestones (grant_id, position, title, deliverables, amount, due_on, tracking_url) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
      grantId,
      position,
      item.title,
      item.deliverables ?? null,
      item.amount,
      item.dueOn,
      item.trackingUrl ?? null,
    ]);
  }

  private milestones(m: EntityManager, grantId: string, lock = false): Promise<MilestoneRow[]> {
    return m.query(`SELECT ${milestoneColumns()} FROM milestones WHERE grant_id = $1 ORDER BY position ${lock ? 'FOR UPDATE' : ''}`, [grantId]);
  }
}
