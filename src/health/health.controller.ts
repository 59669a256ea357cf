import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { Public } from '../auth/access.decorator.js';
import { DatabaseIndicator } from './database.indicator.js';

/**
 * `/health/live`: the process answers (restart it when this fails). `/health/ready` (and `/health`,
 * as before): it can serve, database included (send it traffic when this passes). Apart, so
 * that a busy or briefly lost database never gets a healthy process restarted.
 */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: DatabaseIndicator,
  ) {}

  @Get()
  @Public()
  @HealthCheck()
  check() {
    return this.ready();
  }

  @Get('live')
  @Public()
  live() {
    return { status: 'ok', uptimeSeconds: Math.round(process.uptime()) };
  }

  @Get('ready')
  @Public()
  @HealthCheck()
  ready() {
    return this.health.check([() => this.database.check()]);
  }
}
