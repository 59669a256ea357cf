import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/access.decorator.js';
import { RateLimited } from '../auth/rate-limit.decorator.js';
import { PublicSummaryService } from './public-summary.service.js';

/** What anyone may see of the organisation's money (see docs/public.md). */
@ApiTags('public')
@Controller('api/v1/public')
export class PublicController {
  constructor(private readonly summary: PublicSummaryService) {}

  @Get('summary')
  @Public()
  @RateLimited('public')
  @Header('Cache-Control', 'public, max-age=60')
  @ApiOkResponse({ description: 'Donations per month and channel (folded so no figure is one gift), sponsors, spending, public roles, grants, funds' })
  get() {
    return this.summary.summary();
  }
}
