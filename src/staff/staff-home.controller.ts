import { Controller, Get, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuditService } from '../audit/audit.service.js';
import { StaffPage } from '../auth/staff-session.js';
import { PaginationQuery } from '../common/pagination/pagination.dto.js';
import { EmailLogService } from '../email/email-log.service.js';
import { EmailLogQuery } from '../email/email.dto.js';
import { ReviewsService } from '../grants/reviews.service.js';
import { PeriodsService } from '../periods/periods.service.js';
import { RunwayService } from '../runway/runway.service.js';
import { StaffPageExceptionFilter } from './staff-exception.filter.js';
import { StaffRenderService, type StaffRequest } from './staff-render.service.js';

const RECENT_ACTIVITY = 10;

/** `/staff`: what waits on the signed-in person, by role; each part from the API's own service. */
@ApiExcludeController()
@StaffPage('admin', 'treasurer', 'board')
@UseFilters(StaffPageExceptionFilter)
@Controller('staff')
export class StaffHomeController {
  constructor(
    private readonly staff: StaffRenderService,
    private readonly reviews: ReviewsService,
    private readonly periods: PeriodsService,
    private readonly emails: EmailLogService,
    private readonly runway: RunwayService,
    private readonly audit: AuditService,
  ) {}

  @Get()
  async home(@Req() request: StaffRequest, @Res() reply: FastifyReply) {
    const { actor } = request.staffSession;
    const has = (role: string) => actor.roles.some((r) => r === role);
    // Last month is the one waiting to be closed; its open items are the treasurer's to-do list.
    const lastMonth = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
    const [reviews, period, failed, runway, activity] = await Promise.all([
      has('board') ? this.reviews.queue(actor) : null,
      has('treasurer') ? this.periods.get(lastMonth) : null,
      has('admin') ? this.emails.list(Object.assign(new EmailLogQuery(), { status: 'failed', page: 1, limit: 1 })) : null,
      has('treasurer') || has('board') ? this.runway.runway(12) : null,
      this.audit.list({}, Object.assign(new PaginationQuery(), { page: 1, limit: RECENT_ACTIVITY })),
    ]);
    await this.staff.render(
      request,
      reply,
      'staff/home',
      {
        reviews,
        period: period && { month: period.month, state: period.state, openItems: period.openItems.length },
        failedEmails: failed?.total ?? null,
        runway: runway && { months: runway.total.monthsOfRunway, runsOutIn: runway.total.runsOutIn, balance: runway.total.balance, currency: runway.baseCurrency },
        activity: activity.items,
      },
      { title: 'staff:home.title', nav: 'home' },
    );
  }
}
