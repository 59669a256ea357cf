import { Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { StaffPage } from '../auth/staff-session.js';
import { APPLICATION_MOVES, APPLICATION_STAGES, isVotedMove, VOTING_STAGE, type ApplicationStage } from '../hiring/application-stage.js';
import { ApplicationReviewService } from '../hiring/application-review.service.js';
import { ApplicationNoteDto, ApplicationsQuery, ApplicationVoteDto, MoveApplicationDto } from '../hiring/hiring.dto.js';
import { catalogs } from '../i18n/catalogs.js';
import { errorsByField, one, type FormError } from '../pages/page-form.js';
import { boardForm, fieldError, refusal } from './staff-board-form.js';
import { UuidOr404 } from './uuid-or-404.js';
import { StaffPageExceptionFilter } from './staff-exception.filter.js';
import { pageQuery, pager } from './staff-pagination.js';
import { StaffRenderService, type StaffRequest } from './staff-render.service.js';

const PAGE_SIZE = 25;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NOTE_ANCHORS = { body: 'f-body' };
const STAGE_ANCHORS = { stage: 'f-stage', note: 'f-stage-note' };
const VOTE_ANCHORS = { decision: 'f-decision-offer', comment: 'f-comment', conflictOfInterest: 'f-conflict' };

interface ApplicationView {
  id: string;
  name: string;
  roleId: string;
  roleTitle: string;
  stage: ApplicationStage;
  hasCv: boolean;
  erasedAt: Date | null;
  votes: { voterId: string }[];
}

type FormState = { noteValues?: Record<string, unknown>; stageValues?: Record<string, unknown>; voteValues?: Record<string, unknown>; errors?: FormError[] };

/**
 * The board's side of hiring (`ApplicationReviewService`, as the API's role-applications
 * routes): applications per role through their stages, one application with its CV, notes,
 * the stage form and the offer vote (board members only, as in the API).
 */
@ApiExcludeController()
@StaffPage('admin', 'board')
@UseFilters(StaffPageExceptionFilter)
@Controller('staff/hiring')
export class StaffHiringController {
  constructor(
    private readonly staff: StaffRenderService,
    private readonly review: ApplicationReviewService,
  ) {}

  @Get()
  async list(@Req() request: StaffRequest, @Res() reply: FastifyReply) {
    const q = request.query as Record<string, unknown>;
    const stage = APPLICATION_STAGES.find((s) => s === q.stage);
    const roleId = typeof q.roleId === 'string' && UUID.test(q.roleId) ? q.roleId : undefined;
    const page = await this.review.list(pageQuery(request.query, PAGE_SIZE, Object.assign(new ApplicationsQuery(), { stage, roleId })));
    const items = page.items as ApplicationView[];
    await this.staff.render(
      request,
      reply,
      'staff/hiring',
      {
        applications: items,
        roleId,
        roleTitle: roleId ? items[0]?.roleTitle : undefined,
        pager: pager(page, '/staff/hiring', { stage, roleId }),
        stages: APPLICATION_STAGES.map((s) => ({ value: s, selected: s === stage })),
      },
      { title: 'staff-board:hiring.title', nav: 'hiring' },
    );
  }

  @Get(':id')
  async application(@Param('id', UuidOr404) id: string, @Req() request: StaffRequest, @Res() reply: FastifyReply) {
    await this.show(request, reply, id, {}, 200);
  }

  /** The CV as a download, as the API serves it: never inline, never cached. */
  @Get(':id/cv')
  async cv(@Param('id', UuidOr404) id: string, @Res() reply: FastifyReply) {
    const { content, filename } = await this.review.cv(id);
    const safe = filename.replace(/[^\w.-]+/g, '_').replace(/^\.+/, '') || 'cv.pdf';
    await reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="${safe}"`)
      .header('cache-control', 'private, no-store')
      .header('x-content-type-options', 'nosniff')
      .send(content);
  }

  @Post(':id/notes')
  async addNote(@Param('id', UuidOr404) id: string, @Req() request: StaffRequest, @Res() reply: FastifyReply) {
    const locale = this.staff.locale(request, reply);
    const values = { body: one((request.body as Record<string, unknown> | undefined)?.body) };
    if (!values.body) return this.show(request, reply, id, { noteValues: values, errors: [fieldError(locale, 'body', NOTE_ANCHORS.body)] }, 400);
    const form = await boardForm(ApplicationNoteDto, values, locale, NOTE_ANCHORS);
    if (!form.ok) return this.show(request, reply, id, { noteValues: values, errors: form.errors }, form.status);
    try {
      await this.review.addNote(id, form.dto.body, request.staffSession.actor);
    } catch (error) {
      const refused = refusal(error, locale, 'body', NOTE_ANCHORS.body);
      return this.show(request, reply, id, { noteValues: values, errors: refused.errors }, refused.status);
    }
    this.staff.redirect(reply, `/staff/hiring/${id}`, 'noteAdded');
  }

  @Post(':id/stage')
  async move(@Param('id', UuidOr404) id: string, @Req() request: StaffRequest, @Res() reply: FastifyReply) {
    const locale = this.staff.locale(request, reply);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const values = { stage: one(body.stage), note: one(body.note) };
    if (!values.stage) return this.show(request, reply, id, { stageValues: values, errors: [fieldError(locale, 'stage', STAGE_ANCHORS.stage)] }, 400);
    const form = await boardForm(MoveApplicationDto, values, locale, STAGE_ANCHORS);
    if (!form.ok) return this.show(request, reply, id, { stageValues: values, errors: form.errors }, form.status);
    try {
      await this.review.move(id, form.dto.stage, form.dto.note, request.staffSession.actor);
    } catch (error) {
      const refused = refusal(error, locale, 'stage', STAGE_ANCHORS.stage, catalogs().t(locale, `staff-board:stage.${form.dto.stage}`));
      return this.show(request, reply, id, { stageValues: values, errors: refused.errors }, refused.status);
    }
    this.staff.redirect(reply, `/staff/hiring/${id}`, 'applicationMoved');
  }

  @Post(':id/votes')
  @StaffPage('board')
  async vote(@Param('id', UuidOr404) id: string, @Req() request: StaffRequest, @Res() reply: FastifyReply) {
    const locale = this.staff.locale(request, reply);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const conflictOfInterest = body.conflictOfInterest === 'yes';
    // A declared conflict is kept as a recusal whatever was chosen, so it needs no choice.
    const values = { decision: one(body.decision) ?? (conflictOfInterest ? 'decline' : undefined), comment: one(body.comment), conflictOfInterest };
    if (!values.decision) return this.show(request, reply, id, { voteValues: values, errors: [fieldError(locale, 'decision', VOTE_ANCHORS.decision)] }, 400);
    const form = await boardForm(ApplicationVoteDto, values, locale, VOTE_ANCHORS);
    if (!form.ok) return this.show(request, reply, id, { voteValues: values, errors: form.errors }, form.status);
    try {
      await this.review.vote(id, form.dto, request.staffSession.actor);
    } catch (error) {
      const refused = refusal(error, locale, 'decision', VOTE_ANCHORS.decision);
      return this.show(request, reply, id, { voteValues: values, errors: refused.errors }, refused.status);
    }
    this.staff.redirect(reply, `/staff/hiring/${id}`, conflictOfInterest ? 'recused' : 'voted');
  }

  private async show(request: StaffRequest, reply: FastifyReply, id: string, state: FormState, status: number) {
    const application = (await this.review.get(id)) as ApplicationView & Record<string, unknown>;
    const { actor } = request.staffSession;
    const open = !application.erasedAt;
    const moves = open ? APPLICATION_MOVES[application.stage].filter((to) => !isVotedMove(application.stage, to)) : [];
    const voted = application.votes.some((v) => v.voterId === actor.id);
    const errors = state.errors ?? [];
    await this.staff.render(
      request,
      reply,
      'staff/application',
      {
        application,
        cvKb: Math.max(1, Math.round(Number(application.cvBytes ?? 0) / 1024)),
        open,
        moves: moves.map((s) => ({ value: s, selected: s === state.stageValues?.stage })),
        canVote: open && actor.roles.includes('board') && application.stage === VOTING_STAGE && !voted,
        voted,
        voting: application.stage === VOTING_STAGE,
        noteValues: state.noteValues ?? {},
        stageValues: state.stageValues ?? {},
        voteValues: state.voteValues ?? {},
        errorFor: errorsByField(errors),
      },
      { title: 'staff-board:application.title', titleVars: { name: application.name }, nav: 'hiring', errors, status },
    );
  }
}
