import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/access.decorator.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import type { Actor } from '../users/role.js';
import { EmailLogQuery, PreviewQuery } from './email.dto.js';
import { EmailLogService } from './email-log.service.js';

/**
 * The delivery log lists every recipient's address, so it is the admin's alone (SPEC §9). It
 * shows addresses and outcomes, never bodies, links or the server's file paths. Only an admin
 * may send a failed email again; every staff role may preview the templates.
 */
@ApiTags('emails')
@Controller('api/v1/emails')
export class EmailsController {
  constructor(private readonly emails: EmailLogService) {}

  @Get()
  @Roles('admin')
  list(@Query() query: EmailLogQuery) {
    return this.emails.list(query);
  }

  @Get('templates/:name/preview')
  @Roles('admin', 'treasurer', 'board')
  preview(@Param('name') name: string, @Query() query: PreviewQuery) {
    return this.emails.preview(name, query.locale);
  }

  @Post(':id/retry')
  @HttpCode(200)
  @Roles('admin')
  retry(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() actor: Actor) {
    return this.emails.retry(id, actor);
  }
}
