import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/access.decorator.js';
import { RateLimited } from '../auth/rate-limit.decorator.js';
import { MaxBody } from '../common/http/max-body.js';
import { GranteeService } from './grantee.service.js';
import { SubmitMilestoneDto } from './reviews.dto.js';

/** The grantee's link: one grant's page and its milestones, no account needed. */
@ApiTags('grantee')
@Controller('api/v1/grantee/:token')
export class GranteeController {
  constructor(private readonly grantee: GranteeService) {}

  @Get()
  @Public()
  @RateLimited('public')
  page(@Param('token') token: string) {
    return this.grantee.page(token);
  }

  @Post('milestones/:id/start')
  @Public()
  @RateLimited('public')
  @HttpCode(200)
  start(@Param('token') token: string, @Param('id', ParseUUIDPipe) id: string) {
    return this.grantee.start(token, id);
  }

  @Post('milestones/:id/submit')
  @Public()
  @RateLimited('public')
  @MaxBody(32 * 1024)
  @HttpCode(200)
  submit(@Param('token') token: string, @Param('id', ParseUUIDPipe) id: string, @Body() dto: SubmitMilestoneDto) {
    return this.grantee.submit(token, id, dto);
  }
}
