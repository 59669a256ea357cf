import { Controller, Get, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/access.decorator.js';
import { RateLimited } from '../auth/rate-limit.decorator.js';
import type { Env } from '../config/env.validation.js';
import { FundsService } from '../funds/funds.service.js';
import { MaxBody } from '../common/http/max-body.js';
import { CheckoutDto } from '../stripe/checkout.dto.js';
import { CheckoutService } from '../stripe/checkout.service.js';
import { DONATE_ANCHORS, DONATE_FIELDS, donateDtoInput, donateFormModel, donateValues } from './donate-form.js';
import { PageExceptionFilter } from './page-exception.filter.js';
import { formErrorsFrom, inFieldOrder, validateForm, type FormError } from './page-form.js';
import { PageRenderService } from './page-render.service.js';

/** The donate form (POST → 303 to Stripe Checkout) and the pages Checkout returns to. */
@ApiExcludeController()
@Public()
@UseFilters(PageExceptionFilter)
@Controller('donate')
export class DonatePagesController {
  private readonly baseCurrency: string;

  constructor(
    private readonly pages: PageRenderService,
    private readonly checkout: CheckoutService,
    private readonly funds: FundsService,
    config: ConfigService<Env, true>,
  ) {
    this.baseCurrency = config.get('BASE_CURRENCY', { infer: true });
  }

  @Get()
  async form(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    await this.show(request, reply, {}, [], 200);
  }

  @Post()
  @RateLimited('public')
  @MaxBody(8 * 1024)
  async submit(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const locale = this.pages.locale(request, reply);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const { input, amountError } = donateDtoInput(donateValues(body, { currency: this.baseCurrency }), locale);
    const result = await validateForm(CheckoutDto, input, locale, DONATE_ANCHORS);
    // The amount's own message (typed text or no choice) says more than the DTO's.
    const errors = [...(amountError ? [amountError] : []), ...(result.ok ? [] : result.errors.filter((e) => !(amountError && e.field === 'amount')))];
    if (result.ok && errors.length === 0) {
      try {
        const session = await this.checkout.create(result.dto, locale);
        if (session.url) return this.pages.redirect(reply, session.url);
      } catch (error) {
        errors.push(...formErrorsFrom(error, locale, DONATE_ANCHORS, () => 'unknownFund'));
      }
    }
    await this.show(request, reply, body, inFieldOrder(errors, DONATE_FIELDS), 400);
  }

  @Get('thanks')
  async thanks(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    await this.pages.render(request, reply, 'donate-done', { heading: 'donate.thanksTitle', body: 'donate.thanksBody' }, { title: 'donate.thanksTitle', nav: 'donate' });
  }

  @Get('cancelled')
  async cancelled(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    await this.pages.render(
      request,
      reply,
      'donate-done',
      { heading: 'donate.cancelledTitle', body: 'donate.cancelledBody', again: true },
      { title: 'donate.cancelledTitle', nav: 'donate' },
    );
  }

  private async show(request: FastifyRequest, reply: FastifyReply, body: Record<string, unknown>, errors: FormError[], status: number) {
    const funds = (await this.funds.list()).filter((f) => f.active);
    const model = donateFormModel(funds, donateValues(body, { currency: this.baseCurrency }), errors, this.pages.locale(request, reply));
    await this.pages.render(request, reply, 'donate', model, { title: 'donate.title', nav: 'donate', errors, status });
  }
}
