import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/access.decorator.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import type { Actor } from '../users/role.js';
import { RatesQuery, RecordRateDto } from './rates.dto.js';
import { RatesService } from './rates.service.js';

@ApiTags('rates')
@Controller('api/v1/rates')
export class RatesController {
  constructor(private readonly rates: RatesService) {}

  @Roles('admin', 'treasurer')
  @Post()
  record(@Body() dto: RecordRateDto, @CurrentUser() actor: Actor) {
    return this.rates.record(dto, actor);
  }

  @Roles('admin', 'treasurer', 'board')
  @Get()
  list(@Query() query: RatesQuery) {
    return this.rates.list(query.currency);
  }
}
