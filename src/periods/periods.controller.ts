import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/access.decorator.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import type { Actor } from '../users/role.js';
import { PeriodsService } from './periods.service.js';

@ApiTags('periods')
@Controller('api/v1/periods')
export class PeriodsController {
  constructor(private readonly periods: PeriodsService) {}

  /** 409 with `details` listing every open item when the month cannot be closed yet. */
  @Roles('admin', 'treasurer')
  @Post(':month/close')
  @HttpCode(200)
  close(@Param('month') month: string, @CurrentUser() actor: Actor) {
    return this.periods.close(month, actor);
  }

  @Roles('admin', 'treasurer', 'board')
  @Get(':month')
  get(@Param('month') month: string) {
    return this.periods.get(month);
  }
}
