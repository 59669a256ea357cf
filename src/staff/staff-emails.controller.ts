import { Controller, Get, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { StaffPage } from '../auth/staff-session.js';
import { EmailLogService } from '../email/email-log.service.js';
import { EmailLogQuery, EMAIL_STATUSES } from '../email/email.dto.js';
import { StaffPageExceptionFilter } from './staff-exception.filter.js';
import { pageQuery, pager } from './staff-pagination.js';
import { StaffRenderService, type StaffRequest } from './staff-render.service.js';
import { UuidOr404 } from './uuid-or-404.js';

const PAGE_SIZE = 25;

/** The admin's delivery log (filter by status) with a retry button on failed emails. */
@ApiExcludeController()
@StaffPage('admin')
@UseFilters(StaffPageExceptionFilter)
@Controller('staff/emails')
export class StaffEmailsController {
  constructor(
    private readonly staff: StaffRenderService,
    private readonly emails: EmailLogService,
  ) {}

  @Get()
  async list(@Query('status') status: string | undefined, @Req() request: StaffRequest, @Res() reply: FastifyReply) {
    const chosen = EMAIL_STATUSES.find((s) => s === status);
    const query = pageQuery(request.query, PAGE_SIZE, Object.assign(new EmailLogQuery(), { status: chosen }));
    const page = await this.emails.list(query);
    await this.staff.render(
      request,
      reply,
      'staff/emails',
      {
        emails: page.items,
        pager: pager(page, '/staff/emails', { status: chosen }),
        statuses: EMAIL_STATUSES.map((s) => ({ value: s, selected: s === chosen })),
      },
      { title: 'staff:emails.title', nav: 'emails' },
    );
  }

  @Post(':id/retry')
  async retry(@Param('id', UuidOr404) id: string, @Res() reply: FastifyReply) {
    await this.emails.retry(id, (reply.request as StaffRequest).staffSession.actor);
    this.staff.redirect(reply, '/staff/emails', 'emailRetried');
  }
}
