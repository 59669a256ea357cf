import { Controller, Get, Headers, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/access.decorator.js';
import { RateLimited } from '../auth/rate-limit.decorator.js';
import { UnsubscribeService, type UnsubscribeTarget } from '../email/unsubscribe.service.js';
import { PageExceptionFilter } from './page-exception.filter.js';
import { PageRenderService } from './page-render.service.js';

const wantsHtml = (accept: string | undefined) => /\btext\/html\b/.test(accept ?? '');

/**
 * The link in every sponsor and bulk email (also the `List-Unsubscribe` header). GET only
 * describes, since mail scanners fetch links; POST unsubscribes: the page's button (a browser,
 * answered 303 → GET) or a mail client's RFC 8058 one-click request (answered 200).
 */
@ApiExcludeController()
@Public()
@UseFilters(PageExceptionFilter)
@Controller('unsubscribe/:token')
export class UnsubscribePagesController {
  constructor(
    private readonly pages: PageRenderService,
    private readonly unsubscribe: UnsubscribeService,
  ) {}

  @Get()
  @RateLimited('public')
  async describe(@Param('token') token: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    await this.show(request, reply, token, await this.unsubscribe.describe(token));
  }

  @Post()
  @RateLimited('public')
  async confirm(@Param('token') token: string, @Headers('accept') accept: string | undefined, @Res() reply: FastifyReply) {
    const browser = wantsHtml(accept);
    const target = await this.unsubscribe.unsubscribe(token, browser ? 'link' : 'one_click');
    if (browser) return this.pages.redirect(reply, `/unsubscribe/${encodeURIComponent(token)}`);
    void reply.status(200).send({ category: target.category, unsubscribed: target.unsubscribed });
  }

  private async show(request: FastifyRequest, reply: FastifyReply, token: string, target: UnsubscribeTarget) {
    const model = { target, what: `unsubscribe.${target.category}`, action: `/unsubscribe/${encodeURIComponent(token)}` };
    await this.pages.render(request, reply, 'unsubscribe', model, { title: 'unsubscribe.title', privateLink: true });
  }
}
