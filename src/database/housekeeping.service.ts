import { Injectable } from '@nestjs/common';
import { hourPeriod, JobRunsService } from './job-runs.service.js';
import { TransactionService } from './transaction.service.js';

export interface Purged {
  idempotencyKeys: number;
  rateLimitCounters: number;
  loginFailures: number;
}

/** How long a replayable answer is kept: clients retry within minutes, never after a day. */
export const IDEMPOTENCY_KEY_TTL_HOURS = 24;
/** A throttle entry a day old has long stopped slowing anyone. */
const LOGIN_FAILURE_TTL_HOURS = 24;

/**
 * Forgets short-lived shared state: Idempotency-Key records older than 24 h, finished rate-limit
 * windows and old login failures. Once per hour across all instances (claimed in job_runs).
 */
@Injectable()
export class HousekeepingService {
  static readonly JOB = 'housekeeping';

  constructor(
    private readonly tx: TransactionService,
    private readonly jobs: JobRunsService,
  ) {}

  /** Runs when this hour is not yet claimed; returns what it purged, or null. */
  tick(now = new Date()): Promise<Purged | null> {
    return this.tx.run(async (m) => ((await this.jobs.claim(m, HousekeepingService.JOB, hourPeriod(now))) ? this.purge() : null));
  }

  async purge(): Promise<Purged> {
    const count = async (sql: string, params: unknown[]) => ((await this.tx.manager.query(sql, params)) as [unknown, number])[1];
    return {
      idempotencyKeys: await count(`DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(hours => $1)`, [IDEMPOTENCY_KEY_TTL_HOURS]),
      rateLimitCounters: await count(`DELETE FROM rate_limit_counters WHERE reset_at < now() - interval '1 minute'`, []),
      loginFailures: await count(`DELETE FROM login_throttle WHERE last_failure_at < now() - make_interval(hours => $1)`, [LOGIN_FAILURE_TTL_HOURS]),
    };
  }
}
