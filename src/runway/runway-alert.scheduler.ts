import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Env } from '../config/env.validation.js';
import { RunwayAlertService } from './runway-alert.service.js';

/**
 * Runs the runway alert every JOBS_INTERVAL_SECONDS when JOBS=on. Self-contained so it can
 * join the shared job scheduler wherever that lives; the hour claim in job_runs keeps it to
 * one run per hour across instances, and the alert state to one email per crossing.
 */
@Injectable()
export class RunwayAlertScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Jobs');
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly config: ConfigService<Env, true>,
    private readonly alerts: RunwayAlertService,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.get('JOBS', { infer: true }) !== 'on') return;
    this.timer = setInterval(() => void this.tick(), this.config.get('JOBS_INTERVAL_SECONDS', { infer: true }) * 1000);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const queued = await this.alerts.tick();
      if (queued) this.logger.log(`runway alert: ${queued} email(s) queued`);
    } catch (error) {
      this.logger.error(`runway alert failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.running = false;
    }
  }
}
