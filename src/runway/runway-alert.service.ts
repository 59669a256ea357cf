import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Env } from '../config/env.validation.js';
import { updateReturning } from '../database/sql.js';
import { TransactionService } from '../database/transaction.service.js';
import { EmailTemplate } from '../email/email-template.js';
import { OutboxService } from '../email/outbox.service.js';
import { FundsService } from '../funds/funds.service.js';
import { boardMembers } from '../users/board.js';
import { hourPeriod, JobRunsService } from '../database/job-runs.service.js';
import { RunwayService } from './runway.service.js';

export const RUNWAY_ALERT_JOB = 'runway-alert';
const WATCHED_FUND = 'general';

/**
 * Emails the board when the general fund's runway drops below RUNWAY_ALERT_MONTHS: once per
 * crossing. The state (below or not, and how many crossings so far) lives in
 * `runway_alert_state`; the flip is a conditional UPDATE, so with any number of instances and
 * runs only one flips it and queues the emails. A recovery flips it back silently, arming the
 * next alert. The emails' dedupe keys carry the crossing's number as a second guard.
 */
@Injectable()
export class RunwayAlertService {
  private readonly threshold: number;
  private readonly appUrl: string;

  constructor(
    private readonly tx: TransactionService,
    private readonly runway: RunwayService,
    private readonly outbox: OutboxService,
    private readonly jobs: JobRunsService,
    private readonly funds: FundsService,
    config: ConfigService<Env, true>,
  ) {
    this.threshold = config.get('RUNWAY_ALERT_MONTHS', { infer: true });
    this.appUrl = config.get('APP_URL', { infer: true });
  }

  /** The hourly job: claims the hour (once across instances), then checks. Null when another run had the hour. */
  tick(now = new Date()): Promise<number | null> {
    return this.tx.run(async (m) => ((await this.jobs.claim(m, RUNWAY_ALERT_JOB, hourPeriod(now))) ? this.check(now) : null));
  }

  /** Compares the runway with the threshold and records a crossing; answers how many emails it queued. */
  check(now = new Date()): Promise<number> {
    return this.tx.run(async (m) => {
      const report = await this.runway.runway(Math.max(24, this.threshold + 1), now);
      const fund = report.funds.find((f) => f.code === WATCHED_FUND);
      if (!fund) return 0;
      const months = fund.monthsOfRunway;
      const below = months !== null && months < this.threshold;
      const fundId = await this.funds.idFor(m, WATCHED_FUND, { requireActive: false });
      await m.query(`INSERT INTO runway_alert_state (fund_id) VALUES ($1) ON CONFLICT DO NOTHING`, [fundId]);
      const rows = await updateReturning<{ crossings: number }>(
        m,
        `UPDATE runway_alert_state SET below = $2, crossings = crossings + (CASE WHEN $2 THEN 1 ELSE 0 END), last_months = $3, changed_at = now()
         WHERE fund_id = $1 AND below <> $2 RETURNING crossings`,
        [fundId, below, months],
      );
      if (!below || rows.length === 0) return 0;
      let queued = 0;
      for (const member of await boardMembers(m)) {
        const id = await this.outbox.enqueue(m, {
          template: EmailTemplate.RunwayAlert,
          to: member.email,
          locale: 'en',
          props: { boardMemberName: member.name, fund: fund.name, monthsOfRunway: months.toFixed(1), threshold: this.threshold, runwayUrl: `${this.appUrl}/api/v1/runway` },
          dedupeKey: `runway-alert:${fundId}:${rows[0].crossings}:${member.email}`,
        });
        if (id) queued++;
      }
      return queued;
    });
  }
}
