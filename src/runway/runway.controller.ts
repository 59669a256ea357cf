import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/access.decorator.js';
import { RunwayQuery } from './runway.dto.js';
import { RunwayService } from './runway.service.js';

@ApiTags('runway')
@Controller('api/v1/runway')
export class RunwayController {
  constructor(private readonly runway: RunwayService) {}

  @Roles('admin', 'treasurer', 'board')
  @Get()
  get(@Query() query: RunwayQuery) {
    return this.runway.runway(query.months);
  }
}
