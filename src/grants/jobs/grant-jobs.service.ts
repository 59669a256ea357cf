import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EntityManager } from 'typeorm';
import { links } from '../../auth/links.js';
import type { Env } from '../../config/env.validation.js';
import { dayPeriod, JobRunsService } from '../../database/job-runs.service.js';
import { TransactionService } from '../../database/transaction.service.js';
import { EmailTemplate, Locale } from '../../email/email-template.js';
import { OutboxService } from '../../email/outbox.service.js';
import { areaTitle } from '../../i18n/labels.js';
import { boardMembers } from '../../users/board.js';
import { GranteeLinksService } from '../grantee-links.service.js';
import { ReviewsService } from '../reviews.service.js';
import { dueReminder } from './due-reminder.js';

/**
 * The grants' daily jobs. `tick*` claims the day in job_runs (once across all instances) and
 * runs; the plain methods take an injected `now` so tests can run them directly. Each email
 * also carries a dedupe key, so a rerun of the same day queues nothing twice.
 */
@Injectable()
export class GrantJobsService {
  static readonly DIGEST = 'review-digest';
  static readonly DUE = 'milestone-due';

  constructor(
    private readonly tx: TransactionService,
    private readonly outbox: OutboxService,
    private readonly jobs: JobRunsService,
    private readonly reviews: ReviewsService,
    private readonly granteeLinks: GranteeLinksService,
    private readonly config: ConfigService<Env, true>,
  ) {}

  tickReviewDigest(now = new Date()): Promise<number | null> {
    return this.tx.run(async (m) => ((await this.jobs.claim(m, GrantJobsService.DIGEST, dayPeriod(now))) ? this.reviewDigest(now) : null));
  }

  tickMilestoneDue(now = new Date()): Promise<number | null> {
    return this.tx.run(async (m) => ((await this.jobs.claim(m, GrantJobsService.DUE, dayPeriod(now))) ? this.milestoneDue(now) : null));
  }

  /**
   * One email per board member: the submitted milestones still waiting on their vote, and the
   * interest that arrived in the last day (new interest reaches the board here, batched, rather
   * than one email per form sent).
   */
  reviewDigest(now = new Date()): Promise<number> {
    return this.tx.run(async (m) => {
      let queued = 0;
      const interests = await this.newInterest(m, now);
      for (const member of await boardMembers(m)) {
        const waiting = await this.reviews.waitingFor(m, member.id, member.email);
        if (waiting.length === 0 && interests.length === 0) continue;
        const id = await this.outbox.enqueue(m, {
          template: EmailTemplate.ReviewDigest,
          to: member.email,
          locale: 'en',
          props: {
            boardMemberName: member.name,
            items: waiting.map((w) => ({
              grantTitle: w.grantTitle,
              milestoneTitle: w.milestoneTitle,
              submittedOn: new Date(w.submittedAt).toISOString().slice(0, 10),
              reviewUrl: this.reviews.reviewUrl(w.id),
            })),
            interests,
            triageUrl: links.interestTriage(this.config.get('APP_URL', { infer: true })),
          },
          dedupeKey: `review-digest:${dayPeriod(now)}:${member.email}`,
        });
        if (id) queued++;
      }
      return queued;
    });
  }

  /** Interest received in the 24 hours before `now` (erased ones are left out), titles in English for the board. */
  private async newInterest(m: EntityManager, now: Date): Promise<{ name: string; areas: string; receivedOn: string }[]> {
    const rows: { name: string; receivedOn: string; areas: { code: string; title: string; titles: Record<string, string> }[] }[] = await m.query(
      `SELECT i.name, to_char(i.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS "receivedOn",
              COALESCE((SELECT jsonb_agg(jsonb_build_object('code', p.code, 'title', p.title, 'titles', p.titles) ORDER BY p.position)
                          FROM interest_areas a JOIN priority_areas p ON p.code = a.area_code WHERE a.interest_id = i.id), '[]') AS areas
         FROM interests i
        WHERE i.erased_at IS NULL AND i.created_at > $1::timestamptz - interval '1 day' AND i.created_at <= $1::timestamptz
        ORDER BY i.created_at`,
      [now.toISOString()],
    );
    return rows.map((r) => ({ name: r.name, receivedOn: r.receivedOn, areas: r.areas.map((a) => areaTitle('en', a)).join(', ') }));
  }

  /** Grantees of active grants: a reminder 7 days before a milestone is due, and one once it is overdue. */
  milestoneDue(now = new Date()): Promise<number> {
    return this.tx.run(async (m) => {
      const today = dayPeriod(now);
      const open: { id: string; grantId: string; title: string; dueOn: string; grantTitle: string; name: string; email: string; locale: Locale }[] = await m.query(
        `SELECT ms.id, ms.grant_id AS "grantId", ms.title, to_char(ms.due_on, 'YYYY-MM-DD') AS "dueOn", g.title AS "grantTitle",
                g.applicant_name AS name, g.applicant_email AS email, g.applicant_locale AS locale
         FROM milestones ms JOIN grants g ON g.id = ms.grant_id
         WHERE g.status = 'active' AND ms.status IN ('planned', 'in_progress', 'changes_requested') AND ms.due_on <= $1::date + 7
         ORDER BY ms.due_on, ms.id`,
        [today],
      );
      let queued = 0;
      for (const ms of open) {
        const kind = dueReminder(ms.dueOn, today);
        if (!kind) continue;
        const dedupeKey = `milestone-due:${ms.id}:${ms.dueOn}:${kind}`;
        // Checked first so that a link is only issued for an email that will really be queued.
        if ((await m.query(`SELECT 1 FROM email_outbox WHERE dedupe_key = $1`, [dedupeKey])).length) continue;
        const { ref } = await this.granteeLinks.issue(m, ms.grantId, now);
        const id = await this.outbox.enqueue(m, {
          template: EmailTemplate.MilestoneDue,
          to: ms.email,
          locale: ms.locale,
          props: { name: ms.name, grantTitle: ms.grantTitle, milestoneTitle: ms.title, dueOn: ms.dueOn, overdue: kind === 'overdue', granteeUrl: ref },
          dedupeKey,
        });
        if (id) queued++;
      }
      return queued;
    });
  }
}
