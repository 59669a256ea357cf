import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { DataSource } from 'typeorm';

/** What pg's Pool says about its connections (TypeORM keeps it as `driver.master`). */
interface PoolStats {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

const PING_TIMEOUT_MS = 3_000;

/**
 * The database for readiness. A ping that does not come back in time is told apart: when every
 * pooled connection is checked out (the embedded default has exactly one, and a large import
 * holds it), the database is busy, not down: `degraded`, still 200, so a load balancer does not
 * take the instance out while it is doing its work. Down is a ping that fails, or no connection.
 */
@Injectable()
export class DatabaseIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly dataSource: DataSource,
  ) {}

  async check(key = 'database') {
    const indicator = this.indicators.check(key);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), PING_TIMEOUT_MS)));
    try {
      const outcome = await Promise.race([this.dataSource.query('SELECT 1').then(() => 'up' as const), timeout]);
      if (outcome === 'up') return indicator.up();
      const pool = this.pool();
      if (pool && pool.totalCount > 0 && pool.idleCount === 0) {
        return indicator.degraded({ busy: true, message: `every connection is in use (${pool.totalCount}); ${pool.waitingCount} request(s) waiting` });
      }
      return indicator.down({ message: `no answer within ${PING_TIMEOUT_MS} ms` });
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message.split('\n')[0] : 'unreachable' });
    } finally {
      clearTimeout(timer);
    }
  }

  private pool(): PoolStats | null {
    const master = (this.dataSource.driver as unknown as { master?: Partial<PoolStats> }).master;
    return master && typeof master.totalCount === 'number' ? (master as PoolStats) : null;
  }
}
