import { Injectable, Logger } from '@nestjs/common';
import { TransactionService } from '../database/transaction.service.js';
import { dayPeriod, JobRunsService } from '../database/job-runs.service.js';
import { SYSTEM_ACTOR } from '../users/role.js';
import { StripeClient } from './stripe.client.js';
import { StripeException } from './stripe.exception.js';
import { StripeSyncService, SyncReport } from './stripe-sync.service.js';

/**
 * The daily Stripe sync, so a lost webhook is found without anyone pressing `POST /stripe/sync`.
 * Skipped without STRIPE_SECRET_KEY. The day is claimed in `job_runs` (once across instances),
 * but in a transaction of its own that commits before the sync starts: the sync talks to
 * Stripe and must hold no transaction meanwhile. A sync that fails, or finds another one
 * running, gives the day back so a later tick (on any instance) tries again.
 */
@Injectable()
export class StripeSyncJob {
  static readonly NAME = 'stripe-sync';
  private readonly logger = new Logger('StripeSyncJob');

  constructor(
    private readonly client: StripeClient,
    private readonly tx: TransactionService,
    private readonly jobs: JobRunsService,
    private readonly syncer: StripeSyncService,
  ) {}

  /** The sync's report, or null when Stripe is off or the day was already taken. */
  async tick(now = new Date()): Promise<SyncReport | null> {
    if (!this.client.api) return null;
    const period = dayPeriod(now);
    if (!(await this.tx.run((m) => this.jobs.claim(m, StripeSyncJob.NAME, period)))) return null;
    try {
      const report = await this.syncer.sync(SYSTEM_ACTOR);
      this.logger.log(`daily sync: ${report.balanceTransactions} balance transaction(s), ${report.payouts} payout(s), ${report.donationsCreated} donation(s) created`);
      return report;
    } catch (error) {
      await this.tx.manager.query(`DELETE FROM job_runs WHERE job = $1 AND period = $2`, [StripeSyncJob.NAME, period]);
      if (error instanceof StripeException && error.code === 'stripe_sync_running') {
        this.logger.log('a sync is already running; the daily sync will run on a later tick');
        return null;
      }
      throw error;
    }
  }
}
