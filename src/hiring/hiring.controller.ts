import { Body, Controller, Delete, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiConsumes, ApiPayloadTooLargeResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public, Roles } from '../auth/access.decorator.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { RateLimited } from '../auth/rate-limit.decorator.js';
import type { Actor } from '../users/role.js';
import { ApplicationReviewService } from './application-review.service.js';
import { ApplicationsService } from './applications.service.js';
import { ApplicationNoteDto, ApplicationsQuery, ApplicationVoteDto, MoveApplicationDto } from './hiring.dto.js';
import { JobsService } from './jobs.service.js';

const wantsHtml = (accept: string | undefined) => /\btext\/html\b/.test(accept ?? '');

/** The public side of hiring: postings, the application form, the applicant's status link. */
@ApiTags('hiring')
@Controller('api/v1')
export class HiringPublicController {
  constructor(
    private readonly jobs: JobsService,
    private readonly applications: ApplicationsService,
  ) {}

  @Get('jobs')
  @Public()
  @RateLimited('public')
  list() {
    return this.jobs.list();
  }

  @Get('jobs/:id')
  @Public()
  @RateLimited('public')
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.jobs.get(id);
  }

  @Post('roles/:id/applications')
  @Public()
  @RateLimited('public')
  @HttpCode(202)
  @ApiConsumes('multipart/form-data', 'application/json')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['name', 'email', 'message'],
      properties: {
        name: { type: 'string' },
        email: { type: 'string' },
        message: { type: 'string' },
        links: { type: 'array', items: { type: 'string' }, description: 'Repeat the field for several links' },
        cv: { type: 'string', format: 'binary', description: 'PDF, at most 5 MB (judged by its content)' },
        website: { type: 'string', description: 'Leave empty (spam trap)' },
      },
    },
  })
  @ApiAcceptedResponse({ description: '{id}; an acknowledgement with a private status link is emailed' })
  @ApiPayloadTooLargeResponse({ description: 'CV over 5 MB' })
  apply(@Param('id', ParseUUIDPipe) id: string, @Req() request: FastifyRequest, @Headers('accept-language') acceptLanguage?: string) {
    return this.applications.submit(id, request, acceptLanguage);
  }

  /**
   * JSON for scripts; a browser (asking for HTML, as from a link in an older acknowledgement) is
   * sent on to the page at `/jobs/status/:token` (303), which answers a bad link with its own 404.
   */
  @Get('role-applications/status/:token')
  @Public()
  @RateLimited('public')
  status(@Param('token') token: string, @Headers('accept') accept: string | undefined, @Res({ passthrough: true }) reply: FastifyReply) {
    if (wantsHtml(accept)) {
      void reply
        .status(303)
        .header('cache-control', 'no-store')
        .header('location', `/jobs/status/${encodeURIComponent(token)}`);
      return '';
    }
    return this.applications.publicStatus(token);
  }
}

/** The board's side: applications, CVs, stages, notes, votes, erasure. */
@ApiTags('hiring')
@Roles('admin', 'board')
@Controller('api/v1/role-applications')
export class RoleApplicationsController {
  constructor(private readonly review: ApplicationReviewService) {}

  @Get()
  list(@Query() query: ApplicationsQuery) {
    return this.review.list(query);
  }

  @Get(':id')
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.review.get(id);
  }

  /** The CV as a download (never inline, never cached): board and admins only. */
  @Get(':id/cv')
  async cv(@Param('id', ParseUUIDPipe) id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    const { content, filename } = await this.review.cv(id);
    void reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="${filename}"`)
      .header('cache-control', 'private, no-store')
      .header('x-content-type-options', 'nosniff');
    return content;
  }

  @Post(':id/notes')
  addNote(@Param('id', ParseUUIDPipe) id: string, @Body() dto: ApplicationNoteDto, @CurrentUser() actor: Actor) {
    return this.review.addNote(id, dto.body, actor);
  }

  @Post(':id/stage')
  @HttpCode(200)
  move(@Param('id', ParseUUIDPipe) id: string, @Body() dto: MoveApplicationDto, @CurrentUser() actor: Actor) {
    return this.review.move(id, dto.stage, dto.note, actor);
  }

  @Post(':id/votes')
  @Roles('board')
  vote(@Param('id', ParseUUIDPipe) id: string, @Body() dto: ApplicationVoteDto, @CurrentUser() actor: Actor) {
    return this.review.vote(id, dto, actor);
  }

  /** Erasure on request: deletes the CV and anonymises the rest. */
  @Delete(':id')
  erase(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() actor: Actor) {
    return this.review.erase(id, actor);
  }
}
