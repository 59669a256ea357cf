import { Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/access.decorator.js';
import { RateLimited } from '../auth/rate-limit.decorator.js';
import { MaxBody } from '../common/http/max-body.js';
import { CreateInterestDto } from '../interest/interest.dto.js';
import { InterestService } from '../interest/interest.service.js';
import { budgetError, INTEREST_ANCHORS, INTEREST_FIELDS, interestDtoInput, interestFormModel, interestValues } from './interest-form.js';
import { PageExceptionFilter } from './page-exception.filter.js';
import { formErrorsFrom, inFieldOrder, validateForm, type FormError } from './page-form.js';
import { PageRenderService } from './page-render.service.js';
import { statusPageModel } from './status-page.js';

/** The interest form, its thank-you page and the applicant's status page. */
@ApiExcludeController()
@Public()
@UseFilters(PageExceptionFilter)
@Controller()
export class InterestPagesController {
  constructor(
    private readonly pages: PageRenderService,
    private readonly interest: InterestService,
  ) {}

  @Get('interest')
  async form(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    await this.show(request, reply, {}, [], 200);
  }

  @Post('interest')
  @RateLimited('public')
  @MaxBody(32 * 1024)
  async submit(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const locale = this.pages.locale(request, reply);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const { input, budgetProblem } = interestDtoInput(body);
    const result = await validateForm(CreateInterestDto, input, locale, INTEREST_ANCHORS);
    const errors = [...(result.ok ? [] : result.errors), ...(budgetProblem ? [budgetError(locale)] : [])];
    if (result.ok && errors.length === 0) {
      try {
        await this.interest.submit(result.dto, locale);
        return this.pages.redirect(reply, '/interest/thanks');
      } catch (error) {
        errors.push(...formErrorsFrom(error, locale, INTEREST_ANCHORS, () => 'unknownArea'));
      }
    }
    await this.show(request, reply, body, inFieldOrder(errors, INTEREST_FIELDS), 400);
  }

  @Get('interest/thanks')
  async thanks(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    await this.pages.render(request, reply, 'interest-thanks', {}, { title: 'interest.thanksTitle', nav: 'apply' });
  }

  @Get('status/:token')
  @RateLimited('public')
  async status(@Param('token') token: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const status = await this.interest.publicStatus(token);
    const model = statusPageModel(status, this.pages.locale(request, reply));
    await this.pages.render(request, reply, 'status', model, { title: 'status.title', privateLink: true });
  }

  private async show(request: FastifyRequest, reply: FastifyReply, body: Record<string, unknown>, errors: FormError[], status: number) {
    const locale = this.pages.locale(request, reply);
    const model = interestFormModel(await this.interest.priorityAreas(locale), interestValues(body), errors, locale);
    await this.pages.render(request, reply, 'interest', model, { title: 'interest.title', nav: 'apply', errors, status });
  }
}
