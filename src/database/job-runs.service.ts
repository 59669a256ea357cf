import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/**
 * Background jobs run at most once per period across every instance: the first INSERT of
 * (job, period) wins. Claimed in the job's own transaction, so a job that fails rolls its claim
 * back and the next tick (on any instance) tries again; a second instance's INSERT waits for the
 * first to commit and then finds the row.
 */
@Injectable()
export class JobRunsService {
  async claim(m: EntityManager, job: string, period: string): Promise<boolean> {
    const rows: unknown[] = await m.query(`INSERT INTO job_runs (job, period) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING job`, [job, period]);
    return rows.length === 1;
  }
}

/** `2026-11-26` for daily jobs, `2026-11-26T13` for hourly ones (UTC). */
export function dayPeriod(now: Date): string {
  return now.toISOString().slice(0, 10);
}
export function hourPeriod(now: Date): string {
  return now.toISOString().slice(0, 13);
}
