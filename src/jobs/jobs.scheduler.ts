import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { CallRemindersService } from '../calls/call-reminders.service.js';
import type { Env } from '../config/env.validation.js';
import { GrantJobsService } from '../grants/jobs/grant-jobs.service.js';
import { HousekeepingService } from '../database/housekeeping.service.js';
import { StripeSyncJob } from '../stripe/stripe-sync.job.js';

/**
 * Wakes every JOBS_INTERVAL_SECONDS when JOBS=on. Each job claims its period in job_runs, so
 * with N instances each period still runs once; tests set JOBS=off and call the jobs directly.
 */
@Injectable()
export class JobsScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Jobs');
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly config: ConfigService<Env, true>,
    private readonly calls: CallRemindersService,
    private readonly grants: GrantJobsService,
    private readonly housekeeping: HousekeepingService,
    private readonly stripeSync: StripeSyncJob,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.get('JOBS', { infer: true }) !== 'on') return;
    const every = this.config.get('JOBS_INTERVAL_SECONDS', { infer: true }) * 1000;
    this.timer = setInterval(() => void this.tick(), every);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async tick(now = new Date()): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (const [name, job] of [
        ['call reminders', () => this.calls.tick(now)],
        ['review digest', () => this.grants.tickReviewDigest(now)],
        ['milestone due', () => this.grants.tickMilestoneDue(now)],
        [
          'housekeeping',
          async () => {
            const purged = await this.housekeeping.tick(now);
            if (purged) this.logger.log(`housekeeping: purged ${JSON.stringify(purged)}`);
            return null;
          },
        ],
        // Logs its own report; nothing to count here.
        ['stripe sync', () => this.stripeSync.tick(now).then(() => null)],
      ] as const) {
        try {
          const queued = await job();
          if (queued !== null) this.logger.log(`${name}: ${queued} email(s) queued`);
        } catch (error) {
          this.logger.error(`${name} failed: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    } finally {
      this.running = false;
    }
  }
}
