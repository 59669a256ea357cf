import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { links } from '../auth/links.js';
import { InvalidInputException } from '../common/errors/app.exception.js';
import type { Env } from '../config/env.validation.js';
import { updateReturning } from '../database/sql.js';
import { TransactionService } from '../database/transaction.service.js';
import { EmailTemplate, Locale } from '../email/email-template.js';
import { OutboxService } from '../email/outbox.service.js';
import type { Actor } from '../users/role.js';
import { milestoneColumns, MilestoneRow } from './grant-views.js';
import { GranteeLinksService } from './grantee-links.service.js';
import { GrantsException } from './grants.exception.js';
import { ReviewDto } from './reviews.dto.js';
import { effectiveQuorum, recusalReason, tally, Vote } from './review-tally.js';

type ReviewedMilestone = MilestoneRow & { grantTitle: string; applicantName: string; applicantEmail: string; applicantLocale: Locale };

/** Board review of submitted milestones (SPEC §8): one vote each, recusal, quorum. */
@Injectable()
export class ReviewsService {
  constructor(
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly granteeLinks: GranteeLinksService,
    private readonly config: ConfigService<Env, true>,
  ) {}

  /**
   * The milestone row is locked for the whole vote: concurrent votes are counted one after
   * the other, so exactly one of them sees the quorum reached and decides, and any vote that
   * arrives after the decision finds the milestone no longer submitted (409).
   */
  vote(milestoneId: string, dto: ReviewDto, actor: Actor) {
    if (dto.decision === 'changes_requested' && !dto.comment && !dto.conflictOfInterest) {
      throw new InvalidInputException('A request for changes needs a comment for the grantee', [{ field: 'comment', message: 'required with changes_requested' }]);
    }
    return this.tx.run(async (m) => {
      const [ms]: ReviewedMilestone[] = await m.query(
        `SELECT ${milestoneColumns('m')}, g.title AS "grantTitle", g.applicant_name AS "applicantName", g.applicant_email AS "applicantEmail",
                g.applicant_locale AS "applicantLocale"
         FROM milestones m JOIN grants g ON g.id = m.grant_id WHERE m.id = $1 FOR UPDATE OF m`,
        [milestoneId],
      );
      if (!ms) throw GrantsException.notFound('milestone', milestoneId);
      if (ms.status !== 'submitted') throw GrantsException.notAwaitingReview(milestoneId, ms.status);
      const round = ms.reviewRound;
      const voted = await m.query(`SELECT 1 FROM milestone_reviews WHERE milestone_id = $1 AND round = $2 AND reviewer_id = $3`, [milestoneId, round, actor.id]);
      if (voted.length) throw GrantsException.alreadyVoted();

      const recused = recusalReason(dto.conflictOfInterest, actor.email, ms.applicantEmail);
      const decision: Vote = recused ? 'recused' : dto.decision;
      const [review] = await m.query(
        `INSERT INTO milestone_reviews (milestone_id, round, reviewer_id, decision, recusal_reason, conflict_of_interest, comment)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         RETURNING id, round, decision, recusal_reason AS "recusalReason", conflict_of_interest AS "conflictOfInterest", comment, created_at AS "createdAt"`,
        [milestoneId, round, actor.id, decision, recused, dto.conflictOfInterest, dto.comment ?? null],
      );
      const votes: { decision: Vote; comment: string | null }[] = await m.query(
        `SELECT decision, comment FROM milestone_reviews WHERE milestone_id = $1 AND round = $2 ORDER BY created_at, id`,
        [milestoneId, round],
      );
      const [board]: { size: number; recused: number }[] = await m.query(
        `SELECT count(*)::int AS size,
                count(*) FILTER (WHERE lower(u.email) = lower($3) OR EXISTS (SELECT 1 FROM milestone_reviews r
                  WHERE r.milestone_id = $1 AND r.round = $2 AND r.reviewer_id = u.id AND r.decision = 'recused'))::int AS recused
           FROM users u WHERE u.active AND 'board' = ANY(u.roles)`,
        [milestoneId, round, ms.applicantEmail],
      );
      const { quorum, reduced } = effectiveQuorum(this.config.get('GRANT_REVIEW_QUORUM', { infer: true }), board.size, board.recused);
      const outcome = tally(
        votes.map((v) => v.decision),
        quorum,
      );
      let status = ms.status as string;
      if (outcome !== 'pending') {
        const moved = await updateReturning(
          m,
          `UPDATE milestones SET status = $3, decided_at = now(), updated_at = now(), decision_quorum = $4, quorum_reduced = $5
            WHERE id = $1 AND status = $2 RETURNING id`,
          [milestoneId, 'submitted', outcome, quorum, reduced ? JSON.stringify({ ...reduced, reason: 'recusals left fewer eligible board members than the quorum' }) : null],
        );
        if (moved.length !== 1) throw GrantsException.movedMeanwhile('milestone', 'submitted', outcome);
        status = outcome;
        const comments = votes.filter((v) => v.decision !== 'recused' && v.comment).map((v) => v.comment as string);
        await this.notifyGrantee(m, ms, outcome, comments);
      }
      await this.audit.record(
        m,
        actor,
        'milestone.review',
        'milestone',
        milestoneId,
        { status: ms.status },
        { round, decision, recusalReason: recused, status, quorum, quorumReduced: reduced },
      );
      return { ...review, milestone: { id: milestoneId, status, quorum, quorumReduced: reduced } };
    });
  }

  /** Submitted milestones this board member has not voted on yet (their review queue). */
  queue(actor: Actor) {
    return this.waitingFor(this.tx.manager, actor.id, actor.email);
  }

  waitingFor(
    m: EntityManager,
    reviewerId: string,
    reviewerEmail: string,
  ): Promise<{ id: string; grantId: string; grantTitle: string; milestoneTitle: string; submittedAt: Date }[]> {
    return m.query(
      `SELECT m.id, m.grant_id AS "grantId", g.title AS "grantTitle", m.title AS "milestoneTitle", m.submitted_at AS "submittedAt"
       FROM milestones m JOIN grants g ON g.id = m.grant_id
       WHERE m.status = 'submitted' AND g.applicant_email <> $2
         AND NOT EXISTS (SELECT 1 FROM milestone_reviews r WHERE r.milestone_id = m.id AND r.round = m.review_round AND r.reviewer_id = $1)
       ORDER BY m.submitted_at, m.id`,
      [reviewerId, reviewerEmail],
    );
  }

  reviewUrl(milestoneId: string): string {
    return links.milestoneReview(this.config.get('APP_URL', { infer: true }), milestoneId);
  }

  private async notifyGrantee(m: EntityManager, ms: ReviewedMilestone, decision: 'approved' | 'changes_requested', comments: string[]): Promise<void> {
    const { ref } = await this.granteeLinks.issue(m, ms.grantId);
    await this.outbox.enqueue(m, {
      template: EmailTemplate.MilestoneDecision,
      to: ms.applicantEmail,
      locale: ms.applicantLocale,
      props: { name: ms.applicantName, grantTitle: ms.grantTitle, milestoneTitle: ms.title, decision, comments, granteeUrl: ref },
      dedupeKey: `milestone-decision:${ms.id}:${ms.reviewRound}`,
    });
  }
}
