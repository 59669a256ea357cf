import { Controller, Get, Param, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/access.decorator.js';
import { GRANT_STATUSES } from '../grants/grant-status.js';
import { PageAssets } from './page-assets.js';
import { PageExceptionFilter } from './page-exception.filter.js';
import { PageRenderService } from './page-render.service.js';
import { PublicSummaryService, SUMMARY_CHANNELS } from './public-summary.service.js';
import { PagesException } from './pages.exception.js';

/** `/`: the transparency summary; `/assets/…`: the stylesheet. */
@ApiExcludeController()
@Public()
@UseFilters(PageExceptionFilter)
@Controller()
export class HomePageController {
  constructor(
    private readonly pages: PageRenderService,
    private readonly summary: PublicSummaryService,
    private readonly assets: PageAssets,
  ) {}

  @Get()
  async home(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const summary = await this.summary.summary();
    const grants = [...summary.grants].sort((a, b) => GRANT_STATUSES.indexOf(a.status as never) - GRANT_STATUSES.indexOf(b.status as never));
    // Only channels with money in the period get a column: the table stays narrow enough to read.
    const channels = SUMMARY_CHANNELS.filter((c) => summary.donations.some((row) => row.cells[c].count > 0));
    await this.pages.render(request, reply, 'home', { summary, grants, channels }, { title: 'home.title', nav: 'home' });
  }

  /** Named by content hash: cached for a year, immutable. */
  @Get('assets/:file')
  asset(@Param('file') file: string, @Res() reply: FastifyReply) {
    const asset = this.assets.get(file);
    if (!asset) throw PagesException.notFound('asset');
    void reply.header('content-type', asset.type).header('cache-control', 'public, max-age=31536000, immutable').send(asset.body);
  }
}
