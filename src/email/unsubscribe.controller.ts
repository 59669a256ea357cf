import { Controller, Get, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/access.decorator.js';
import { RateLimited } from '../auth/rate-limit.decorator.js';
import { EmailException } from './email.exception.js';
import { UnsubscribeService, UnsubscribeTarget } from './unsubscribe.service.js';

const wantsHtml = (accept: string | undefined) => /\btext\/html\b/.test(accept ?? '');

/**
 * The link in every sponsor and bulk email. GET only describes (mail scanners fetch links);
 * POST unsubscribes, whether from the page's button or a mail client's one-click request
 * (RFC 8058). Answers JSON; a browser is sent on to the page at `/unsubscribe/:token` (the
 * links in today's emails point there; this address stays for links already sent).
 */
@ApiTags('unsubscribe')
@Public()
@Controller('api/v1/unsubscribe')
export class UnsubscribeController {
  constructor(private readonly unsubscribe: UnsubscribeService) {}

  @Get(':token')
  @RateLimited('public')
  describe(@Param('token') token: string, @Headers('accept') accept: string | undefined, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.answer(() => this.unsubscribe.describe(token), token, accept, reply);
  }

  @Post(':token')
  @HttpCode(200)
  @RateLimited('public')
  confirm(@Param('token') token: string, @Headers('accept') accept: string | undefined, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.answer(() => this.unsubscribe.unsubscribe(token, wantsHtml(accept) ? 'link' : 'one_click'), token, accept, reply);
  }

  /** JSON for scripts and mail clients; a browser (asking for HTML) is sent on to the unsubscribe page. */
  private async answer(work: () => Promise<UnsubscribeTarget>, token: string, accept: string | undefined, reply: FastifyReply) {
    if (wantsHtml(accept)) {
      // The page describes or, after a POST that already unsubscribed, confirms; it answers a bad link with its own 404.
      await work().catch((error: unknown) => {
        if (!(error instanceof EmailException)) throw error;
      });
      void reply.status(303).header('location', `/unsubscribe/${encodeURIComponent(token)}`);
      return '';
    }
    const target = await work();
    return { ...target, how: target.unsubscribed ? null : 'POST to this same URL (one click, RFC 8058) to unsubscribe' };
  }
}
