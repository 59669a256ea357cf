import { Controller, Get, Inject, Param, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/access.decorator.js';
import { OPEN_POSITIONS, type OpenPositionsSource } from './open-positions.js';
import { PageExceptionFilter } from './page-exception.filter.js';
import { PageRenderService } from './page-render.service.js';
import { PagesException } from './pages.exception.js';

/** Open positions (roles in `hiring`), read through `OPEN_POSITIONS`. */
@ApiExcludeController()
@Public()
@UseFilters(PageExceptionFilter)
@Controller('jobs')
export class JobsPagesController {
  constructor(
    private readonly pages: PageRenderService,
    @Inject(OPEN_POSITIONS) private readonly positions: OpenPositionsSource,
  ) {}

  @Get()
  async list(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const positions = await this.positions.list(this.pages.locale(request, reply));
    await this.pages.render(request, reply, 'jobs', { positions }, { title: 'jobs.title', nav: 'jobs' });
  }

  @Get(':id')
  async one(@Param('id') id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const position = await this.positions.get(id, this.pages.locale(request, reply));
    if (!position) throw PagesException.notFound('position');
    await this.pages.render(request, reply, 'job', { position }, { title: 'jobs.role', nav: 'jobs' });
  }
}
