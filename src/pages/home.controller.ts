import { Controller, Get, Param, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/access.decorator.js';
import { PublicSummaryService } from '../public/public-summary.service.js';
import { homeModel } from './home-page.js';
import { PageAssets } from './page-assets.js';
import { PageExceptionFilter } from './page-exception.filter.js';
import { PageRenderService } from './page-render.service.js';
import { PagesException } from './pages.exception.js';

/** `/`: the transparency summary (the public summary service behind `GET /api/v1/public/summary`); `/assets/…`: the stylesheet. */
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
    const locale = this.pages.locale(request, reply);
    const summary = homeModel(await this.summary.summary(), locale);
    await this.pages.render(request, reply, 'home', { summary }, { title: 'home.title', nav: 'home' });
  }

  /** Named by content hash: cached for a year, immutable. */
  @Get('assets/:file')
  asset(@Param('file') file: string, @Res() reply: FastifyReply) {
    const asset = this.assets.get(file);
    if (!asset) throw PagesException.notFound('asset');
    void reply.header('content-type', asset.type).header('cache-control', 'public, max-age=31536000, immutable').send(asset.body);
  }
}
