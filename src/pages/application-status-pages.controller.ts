import { Controller, Get, Param, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/access.decorator.js';
import { RateLimited } from '../auth/rate-limit.decorator.js';
import { ApplicationsService } from '../hiring/applications.service.js';
import { applicationStatusPageModel } from './application-status-page.js';
import { PageExceptionFilter } from './page-exception.filter.js';
import { PageRenderService } from './page-render.service.js';

/**
 * The job applicant's status page, opened from the acknowledgement email: the same service call
 * as `GET /api/v1/role-applications/status/:token`. An unknown, revoked or erased application's
 * link answers the 404 page, an expired one the same page as an expired interest status link.
 */
@ApiExcludeController()
@Public()
@UseFilters(PageExceptionFilter)
@Controller('jobs/status')
export class ApplicationStatusPagesController {
  constructor(
    private readonly pages: PageRenderService,
    private readonly applications: ApplicationsService,
  ) {}

  @Get(':token')
  @RateLimited('public')
  async status(@Param('token') token: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    this.pages.locale(request, reply);
    const model = applicationStatusPageModel(await this.applications.publicStatus(token));
    await this.pages.render(request, reply, 'application-status', model, { title: 'applicationStatus.title', privateLink: true });
  }
}
