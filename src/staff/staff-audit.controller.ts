import { Controller, Get, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuditService } from '../audit/audit.service.js';
import { StaffPage } from '../auth/staff-session.js';
import { PaginationQuery } from '../common/pagination/pagination.dto.js';
import { StaffPageExceptionFilter } from './staff-exception.filter.js';
import { pageQuery, pager } from './staff-pagination.js';
import { StaffRenderService, type StaffRequest } from './staff-render.service.js';

const PAGE_SIZE = 50;

/** The admin's audit log, newest first, with the chain's verification (read-only, so a GET). */
@ApiExcludeController()
@StaffPage('admin')
@UseFilters(StaffPageExceptionFilter)
@Controller('staff/audit')
export class StaffAuditController {
  constructor(
    private readonly staff: StaffRenderService,
    private readonly audit: AuditService,
  ) {}

  @Get()
  async list(@Req() request: StaffRequest, @Res() reply: FastifyReply) {
    const verifyAsked = (request.query as Record<string, unknown>).verify === '1';
    const [page, verification] = await Promise.all([this.audit.list({}, pageQuery(request.query, PAGE_SIZE, new PaginationQuery())), verifyAsked ? this.audit.verify() : null]);
    await this.staff.render(
      request,
      reply,
      'staff/audit',
      { entries: page.items, pager: pager(page, '/staff/audit'), verification },
      { title: 'staff:auditPage.title', nav: 'audit' },
    );
  }
}
