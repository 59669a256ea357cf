import { Controller, Get, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/access.decorator.js';
import { RateLimited } from '../auth/rate-limit.decorator.js';
import { EmailException } from './email.exception.js';
import { pickLocale } from './email-template.js';
import { invalidLinkPage, unsubscribePage } from './unsubscribe-page.js';
import { UnsubscribeService, UnsubscribeTarget } from './unsubscribe.service.js';

const wantsHtml = (accept: string | undefined) => /\btext\/html\b/.test(accept ?? '');

/**
 * The link in every sponsor and bulk email. GET only describes (mail scanners fetch links);
 * POST unsubscribes, whether from the page's button or a mail client's one-click request
 * (RFC 8058). Answers JSON, or a small page when the client asks for HTML.
 */
@ApiTags('unsubscribe')
@Public()
@Controller('api/v1/unsubscribe')
export class UnsubscribeController {
  constructor(private readonly unsubscribe: UnsubscribeService) {}

  @Get(':token')
  @RateLimited('public')
  describe(@Param('token') token: string, @Headers('accept') accept: string | undefined, @Headers('accept-language') language: string | undefined, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.answer(() => this.unsubscribe.describe(token), token, accept, language, reply);
  }

  @Post(':token')
  @HttpCode(200)
  @RateLimited('public')
  confirm(@Param('token') token: string, @Headers('accept') accept: string | undefined, @Headers('accept-language') language: string | undefined, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.answer(() => this.unsubscribe.unsubscribe(token, wantsHtml(accept) ? 'link' : 'one_click'), token, accept, language, reply);
  }

  private async answer(work: () => Promise<UnsubscribeTarget>, token: string, accept: string | undefined, language: string | undefined, reply: FastifyReply) {
    if (!wantsHtml(accept)) {
      const target = await work();
      return { ...target, how: target.unsubscribed ? null : 'POST to this same URL (one click, RFC 8058) to unsubscribe' };
    }
    const locale = pickLocale(language);
    void reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store');
    try {
      return unsubscribePage(locale, await work(), `/api/v1/unsubscribe/${encodeURIComponent(token)}`);
    } catch (error) {
      if (!(error instanceof EmailException)) throw error;
      void reply.status(404);
      return invalidLinkPage(locale);
    }
  }
}
