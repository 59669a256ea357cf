import { Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/access.decorator.js';
import { RateLimited } from '../auth/rate-limit.decorator.js';
import { GranteeService } from '../grants/grantee.service.js';
import { MaxBody } from '../common/http/max-body.js';
import { SubmitMilestoneDto } from '../grants/reviews.dto.js';
import { evidenceAnchors, evidenceDtoInput, evidenceValues, granteePageModel } from './grantee-page.js';
import { PageExceptionFilter } from './page-exception.filter.js';
import { validateForm, type FormError } from './page-form.js';
import { PageRenderService } from './page-render.service.js';
import { PagesException } from './pages.exception.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The grantee's private page: milestones and the evidence form, through the same GranteeService as the API. */
@ApiExcludeController()
@Public()
@UseFilters(PageExceptionFilter)
@Controller('grantee/:token')
export class GranteePagesController {
  constructor(
    private readonly pages: PageRenderService,
    private readonly grantee: GranteeService,
  ) {}

  @Get()
  @RateLimited('public')
  async page(@Param('token') token: string, @Query('submitted') submitted: string | undefined, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const view = await this.grantee.page(token);
    const model = granteePageModel(view, { token, submitted: submitted && UUID.test(submitted) ? submitted : undefined });
    await this.pages.render(request, reply, 'grantee', model, { title: 'grantee.title', titleVars: { title: view.grant.title }, privateLink: true });
  }

  @Post('milestones/:id')
  @RateLimited('public')
  @MaxBody(32 * 1024)
  async submit(@Param('token') token: string, @Param('id', ParseUUIDPipe) id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const locale = this.pages.locale(request, reply);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const view = await this.grantee.page(token);
    const milestone = view.milestones.find((ms) => ms.id === id);
    if (!milestone) throw PagesException.notFound('milestone');
    const anchors = evidenceAnchors(milestone.position);
    const result = await validateForm(SubmitMilestoneDto, evidenceDtoInput(body), locale, anchors);
    if (result.ok) {
      await this.grantee.submit(token, id, result.dto);
      return this.pages.redirect(reply, `/grantee/${encodeURIComponent(token)}?submitted=${id}#milestone-${milestone.position}`);
    }
    const errors: FormError[] = result.errors;
    const model = granteePageModel(view, { token, failed: { id, values: evidenceValues(body), errors } });
    await this.pages.render(request, reply, 'grantee', model, { title: 'grantee.title', titleVars: { title: view.grant.title }, privateLink: true, errors, status: 400 });
  }
}
