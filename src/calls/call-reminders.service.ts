import { Injectable } from '@nestjs/common';
import { hourPeriod, JobRunsService } from '../database/job-runs.service.js';
import { TransactionService } from '../database/transaction.service.js';
import { EmailTemplate, Locale } from '../email/email-template.js';
import { OutboxService } from '../email/outbox.service.js';
import { boardMembers } from '../users/board.js';
import { formatDeadline, reminderDue } from './call-deadline.js';

interface Recipient {
  email: string;
  name: string;
  locale: Locale;
}

/**
 * Reminds the drafting applicants of a call and the board 14 and 3 days before its deadline.
 * Each (call, deadline, threshold, recipient) is queued at most once through the outbox's
 * dedupe key, so reruns, overlapping instances and a moved deadline behave.
 */
@Injectable()
export class CallRemindersService {
  static readonly JOB = 'call-deadline-reminders';

  constructor(
    private readonly tx: TransactionService,
    private readonly outbox: OutboxService,
    private readonly jobs: JobRunsService,
  ) {}

  /** The scheduler's entry: once per hour across all instances. */
  tick(now = new Date()): Promise<number | null> {
    return this.tx.run(async (m) => ((await this.jobs.claim(m, CallRemindersService.JOB, hourPeriod(now))) ? this.run(now) : null));
  }

  /** Queues the reminders due at `now`; returns how many were newly queued. */
  run(now = new Date()): Promise<number> {
    return this.tx.run(async (m) => {
      const calls = await m.query(
        `SELECT id, funder, programme, deadline, time_zone AS "timeZone", url FROM calls WHERE deadline > $1 AND deadline <= $1::timestamptz + interval '14 days'`,
        [now],
      );
      const board = await boardMembers(m);
      let queued = 0;
      for (const call of calls) {
        const deadline = new Date(call.deadline);
        const due = reminderDue(deadline, now);
        if (!due) continue;
        const applicants: Recipient[] = await m.query(
          `SELECT DISTINCT ON (applicant_email) applicant_email AS email, applicant_name AS name, applicant_locale AS locale
           FROM grants WHERE call_id = $1 AND status = 'drafting' ORDER BY applicant_email, created_at`,
          [call.id],
        );
        const recipients = new Map<string, Recipient>();
        for (const a of applicants) recipients.set(a.email, a);
        for (const b of board) if (!recipients.has(b.email)) recipients.set(b.email, { email: b.email, name: b.name, locale: 'en' });
        for (const r of recipients.values()) {
          const id = await this.outbox.enqueue(m, {
            template: EmailTemplate.CallDeadlineReminder,
            to: r.email,
            locale: r.locale,
            props: {
              name: r.name,
              funder: call.funder,
              programme: call.programme,
              deadline: formatDeadline(deadline, call.timeZone, r.locale),
              daysLeft: due.daysLeft,
              ...(call.url ? { url: call.url } : {}),
            },
            dedupeKey: `call-reminder:${call.id}:${deadline.getTime()}:${due.threshold}:${r.email}`,
          });
          if (id) queued++;
        }
      }
      return queued;
    });
  }
}
