import { Controller, Get, Inject, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/access.decorator.js';
import { RateLimited } from '../auth/rate-limit.decorator.js';
import { ApplicationsService } from '../hiring/applications.service.js';
import { readApplicationParts } from '../hiring/application-upload.js';
import { ApplicationFieldsDto } from '../hiring/hiring.dto.js';
import { catalogs } from '../i18n/catalogs.js';
import type { Locale } from '../i18n/locale.js';
import { APPLY_ANCHORS, APPLY_FIELDS, APPLY_LABELS, applyDtoInput, applyValues, CV_MAX_MB, cvError, type ApplyFormValues } from './apply-form.js';
import { OPEN_POSITIONS, type OpenPosition, type OpenPositionsSource } from './open-positions.js';
import { PageExceptionFilter } from './page-exception.filter.js';
import { errorsByField, formErrorsFrom, inFieldOrder, validateForm, type FormError } from './page-form.js';
import { PageRenderService } from './page-render.service.js';
import { PagesException } from './pages.exception.js';

/**
 * The application form of an open position (multipart, with the CV) and its thank-you page.
 * The body is read by the API's reader (same size limit → 413, same single file part), the
 * fields judged by the API's DTO, the CV by the API's PDF check; `ApplicationsService.accept`
 * stores it and sends the acknowledgement with the status link, as `POST /api/v1/roles/:id/applications`.
 */
@ApiExcludeController()
@Public()
@UseFilters(PageExceptionFilter)
@Controller('jobs')
export class ApplyPagesController {
  constructor(
    private readonly pages: PageRenderService,
    private readonly applications: ApplicationsService,
    @Inject(OPEN_POSITIONS) private readonly positions: OpenPositionsSource,
  ) {}

  @Get(':id/apply')
  async form(@Param('id') id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const locale = this.pages.locale(request, reply);
    await this.show(request, reply, await this.open(id, locale), {}, [], false, 200);
  }

  @Post(':id/apply')
  @RateLimited('public')
  async submit(@Param('id') id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const locale = this.pages.locale(request, reply);
    // Read to the end first (a refusal must reach the browser): over 5 MB is the 413 page, nothing kept.
    const { raw, cv } = await readApplicationParts(request);
    const position = await this.open(id, locale);
    const result = await validateForm(ApplicationFieldsDto, applyDtoInput(raw), locale, APPLY_ANCHORS, APPLY_LABELS);
    const errors: FormError[] = result.ok ? [] : [...result.errors];
    const cvProblem = cv ? cvError(cv.content, locale) : null;
    if (cvProblem) errors.push(cvProblem);
    if (result.ok && errors.length === 0) {
      try {
        await this.applications.accept(id, { fields: result.dto, cv }, locale);
        return this.pages.redirect(reply, `/jobs/${id}/applied`);
      } catch (error) {
        errors.push(...formErrorsFrom(error, locale, APPLY_ANCHORS));
      }
    }
    await this.show(request, reply, position, applyValues(raw), inFieldOrder(errors, APPLY_FIELDS), cv !== null, 400);
  }

  @Get(':id/applied')
  async applied(@Param('id') id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const locale = this.pages.locale(request, reply);
    // The position may have closed since: the thanks stand, only without its title.
    const position = await this.positions.get(id, locale);
    await this.pages.render(request, reply, 'applied', { position }, { title: 'apply.thanksTitle', nav: 'jobs' });
  }

  private async open(id: string, locale: Locale): Promise<OpenPosition> {
    const position = await this.positions.get(id, locale);
    if (!position) throw PagesException.notFound('position');
    return position;
  }

  private async show(request: FastifyRequest, reply: FastifyReply, position: OpenPosition, values: ApplyFormValues, errors: FormError[], cvSent: boolean, status: number) {
    const locale = this.pages.locale(request, reply);
    // A file input cannot be refilled: when a CV came with a form that has problems, say to choose it again.
    const cvAgain = cvSent && errors.length > 0 && !errors.some((e) => e.field === 'cv');
    await this.pages.render(
      request,
      reply,
      'apply',
      {
        position,
        values,
        errorFor: errorsByField(errors),
        cvAgainText: cvAgain ? catalogs().t(locale, 'pages:apply.cvAgain') : undefined,
        errorNote: cvSent && errors.length > 0 ? catalogs().t(locale, 'pages:apply.cvAgain') : undefined,
        maxMb: CV_MAX_MB,
      },
      { title: 'apply.title', titleVars: { role: position.title }, nav: 'jobs', errors, status },
    );
  }
}
