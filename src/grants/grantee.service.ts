import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { updateReturning } from '../database/sql.js';
import { TransactionService } from '../database/transaction.service.js';
import { formatMoney, toSafeNumber } from '../common/money/money.js';
import { EmailTemplate } from '../email/email-template.js';
import { OutboxService } from '../email/outbox.service.js';
import { applicationWording } from '../i18n/applicant-wording.js';
import { boardMembers } from '../users/board.js';
import { GrantRow, milestoneColumns, MilestoneRow, SELECT_GRANT } from './grant-views.js';
import { GranteeLinksService } from './grantee-links.service.js';
import { GrantsException } from './grants.exception.js';
import { SUBMITTABLE } from './milestone-status.js';
import { ReviewsService } from './reviews.service.js';
import { SubmitMilestoneDto } from './reviews.dto.js';

/**
 * What a grantee does through their link: see the grant and its milestones, start one, submit
 * evidence. A link opens one grant; a milestone of any other grant is a 404 through it.
 */
@Injectable()
export class GranteeService {
  constructor(
    private readonly tx: TransactionService,
    private readonly links: GranteeLinksService,
    private readonly outbox: OutboxService,
    private readonly reviews: ReviewsService,
  ) {}

  async page(token: string) {
    const grantId = await this.links.resolve(token);
    const m = this.tx.manager;
    const [grant]: GrantRow[] = await m.query(`${SELECT_GRANT} WHERE id = $1`, [grantId]);
    const milestones: MilestoneRow[] = await m.query(`SELECT ${milestoneColumns()} FROM milestones WHERE grant_id = $1 ORDER BY position`, [grantId]);
    // Feedback the grantee already received by email: comments of the latest decided round, without names.
    const feedback: { milestoneId: string; comment: string }[] = await m.query(
      `SELECT r.milestone_id AS "milestoneId", r.comment FROM milestone_reviews r JOIN milestones ms ON ms.id = r.milestone_id
       WHERE ms.grant_id = $1 AND ms.status = 'changes_requested' AND r.round = ms.review_round AND r.decision <> 'recused' AND r.comment IS NOT NULL
       ORDER BY r.created_at, r.id`,
      [grantId],
    );
    return {
      grant: {
        title: grant.title,
        funder: grant.funder,
        programme: grant.programme,
        status: grant.status,
        message: applicationWording(grant.status, grant.applicantLocale).message,
        awardedAmount: grant.awardedAmount === null ? null : { amount: toSafeNumber(grant.awardedAmount), currency: grant.currency },
      },
      milestones: milestones.map((ms) => ({
        id: ms.id,
        position: ms.position,
        title: ms.title,
        deliverables: ms.deliverables,
        amount: { amount: toSafeNumber(ms.amount), currency: grant.currency },
        dueOn: ms.dueOn,
        status: ms.status,
        evidence: ms.evidence,
        submittedAt: ms.submittedAt,
        paidOn: ms.paidOn,
        feedback: feedback.filter((f) => f.milestoneId === ms.id).map((f) => f.comment),
      })),
    };
  }

  start(token: string, milestoneId: string) {
    return this.tx.run(async (m) => {
      const { ms } = await this.lockOwn(m, token, milestoneId);
      if (ms.status !== 'planned') throw GrantsException.illegalMove('milestone', ms.status, 'in_progress');
      const moved = await updateReturning(m, `UPDATE milestones SET status = 'in_progress', updated_at = now() WHERE id = $1 AND status = 'planned' RETURNING id`, [ms.id]);
      if (moved.length !== 1) throw GrantsException.movedMeanwhile('milestone', 'planned', 'in_progress');
      return { id: ms.id, status: 'in_progress' };
    });
  }

  /** planned → in_progress → submitted in one step when the work was never marked started. */
  submit(token: string, milestoneId: string, dto: SubmitMilestoneDto) {
    return this.tx.run(async (m) => {
      const { ms, grant } = await this.lockOwn(m, token, milestoneId);
      if (!SUBMITTABLE.includes(ms.status)) throw GrantsException.illegalMove('milestone', ms.status, 'submitted');
      const [row] = await updateReturning<{ reviewRound: number; submittedAt: Date }>(
        m,
        `UPDATE milestones SET status = 'submitted', review_round = review_round + 1, evidence = $3, submission_note = $4, submitted_at = now(), updated_at = now()
         WHERE id = $1 AND status = $2 RETURNING review_round AS "reviewRound", submitted_at AS "submittedAt"`,
        [ms.id, ms.status, dto.evidence, dto.note ?? null],
      );
      if (!row) throw GrantsException.movedMeanwhile('milestone', ms.status, 'submitted');
      const amount = formatMoney(BigInt(ms.amount), grant.currency, 'en');
      for (const member of await boardMembers(m)) {
        if (member.email === grant.applicantEmail) continue; // the grantee is recused from their own milestone
        await this.outbox.enqueue(m, {
          template: EmailTemplate.MilestoneSubmitted,
          to: member.email,
          locale: 'en',
          props: { boardMemberName: member.name, grantTitle: grant.title, milestoneTitle: ms.title, amount, reviewUrl: this.reviews.reviewUrl(ms.id) },
          dedupeKey: `milestone-submitted:${ms.id}:${row.reviewRound}:${member.email}`,
        });
      }
      return { id: ms.id, status: 'submitted', evidence: dto.evidence, note: dto.note ?? null, submittedAt: row.submittedAt };
    });
  }

  private async lockOwn(m: EntityManager, token: string, milestoneId: string): Promise<{ ms: MilestoneRow; grant: GrantRow }> {
    const grantId = await this.links.resolve(token);
    const [ms]: MilestoneRow[] = await m.query(`SELECT ${milestoneColumns()} FROM milestones WHERE id = $1 AND grant_id = $2 FOR UPDATE`, [milestoneId, grantId]);
    if (!ms) throw GrantsException.notFound('milestone', milestoneId);
    const [grant]: GrantRow[] = await m.query(`${SELECT_GRANT} WHERE id = $1`, [grantId]);
    if (grant.status !== 'active') throw GrantsException.grantNotActive(grant.status);
    return { ms, grant };
  }
}
