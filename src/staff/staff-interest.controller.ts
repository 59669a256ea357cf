import { Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { StaffPage } from '../auth/staff-session.js';
import { catalogs } from '../i18n/catalogs.js';
import { catalogLabel } from '../i18n/labels.js';
import { INTEREST_MOVES, INTEREST_STATUSES, type InterestStatus } from '../interest/interest-status.js';
import { InterestListQuery, InterestNoteDto, MoveInterestDto } from '../interest/interest.dto.js';
import { InterestService } from '../interest/interest.service.js';
import { errorsByField, one, type FormError } from '../pages/page-form.js';
import { boardForm, fieldError, refusal } from './staff-board-form.js';
import { UuidOr404 } from './uuid-or-404.js';
import { StaffPageExceptionFilter } from './staff-exception.filter.js';
import { pageQuery, pager } from './staff-pagination.js';
import { StaffRenderService, type StaffRequest } from './staff-render.service.js';

const PAGE_SIZE = 25;
const NOTE_ANCHORS = { body: 'f-body' };
const MOVE_ANCHORS = { status: 'f-status', note: 'f-move-note' };

interface InterestView {
  id: string;
  name: string | null;
  status: InterestStatus;
  areas: string[];
  notes: unknown[];
  erasedAt: Date | null;
}

/** The board's interest triage (`InterestService`, as the API): the queue, one submission, notes and the status flow. */
@ApiExcludeController()
@StaffPage('admin', 'board')
@UseFilters(StaffPageExceptionFilter)
@Controller('staff/interest')
export class StaffInterestController {
  constructor(
    private readonly staff: StaffRenderService,
    private readonly interest: InterestService,
  ) {}

  @Get()
  async list(@Req() request: StaffRequest, @Res() reply: FastifyReply) {
    const locale = this.staff.locale(request, reply);
    const asked = (request.query as Record<string, unknown>).status;
    const chosen = INTEREST_STATUSES.find((s) => s === asked);
    const page = await this.interest.list(pageQuery(request.query, PAGE_SIZE, Object.assign(new InterestListQuery(), { status: chosen })));
    const items = (page.items as InterestView[]).map((i) => ({ ...i, areaTitles: i.areas.map((a) => catalogLabel(locale, 'areas', a)).join(', ') }));
    await this.staff.render(
      request,
      reply,
      'staff/interests',
      { interests: items, pager: pager(page, '/staff/interest', { status: chosen }), statuses: INTEREST_STATUSES.map((s) => ({ value: s, selected: s === chosen })) },
      { title: 'staff-board:interests.title', nav: 'interest' },
    );
  }

  @Get(':id')
  async one(@Param('id', UuidOr404) id: string, @Req() request: StaffRequest, @Res() reply: FastifyReply) {
    await this.show(request, reply, id, {}, 200);
  }

  @Post(':id/notes')
  async addNote(@Param('id', UuidOr404) id: string, @Req() request: StaffRequest, @Res() reply: FastifyReply) {
    const locale = this.staff.locale(request, reply);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const values = { body: one(body.body) };
    if (!values.body) return this.show(request, reply, id, { noteValues: values, errors: [fieldError(locale, 'body', NOTE_ANCHORS.body)] }, 400);
    const form = await boardForm(InterestNoteDto, values, locale, NOTE_ANCHORS);
    if (!form.ok) return this.show(request, reply, id, { noteValues: values, errors: form.errors }, form.status);
    try {
      await this.interest.addNote(id, form.dto.body, request.staffSession.actor);
    } catch (error) {
      const refused = refusal(error, locale, 'body', NOTE_ANCHORS.body);
      return this.show(request, reply, id, { noteValues: values, errors: refused.errors }, refused.status);
    }
    this.staff.redirect(reply, `/staff/interest/${id}`, 'noteAdded');
  }

  @Post(':id/status')
  async move(@Param('id', UuidOr404) id: string, @Req() request: StaffRequest, @Res() reply: FastifyReply) {
    const locale = this.staff.locale(request, reply);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const values = { status: one(body.status), note: one(body.note) };
    if (!values.status) return this.show(request, reply, id, { moveValues: values, errors: [fieldError(locale, 'status', MOVE_ANCHORS.status)] }, 400);
    const form = await boardForm(MoveInterestDto, values, locale, MOVE_ANCHORS);
    if (!form.ok) return this.show(request, reply, id, { moveValues: values, errors: form.errors }, form.status);
    try {
      await this.interest.move(id, form.dto.status, form.dto.note, request.staffSession.actor);
    } catch (error) {
      const refused = refusal(error, locale, 'status', MOVE_ANCHORS.status, catalogs().t(locale, `staff-board:interestStatus.${form.dto.status}`));
      return this.show(request, reply, id, { moveValues: values, errors: refused.errors }, refused.status);
    }
    this.staff.redirect(reply, `/staff/interest/${id}`, 'interestMoved');
  }

  private async show(
    request: StaffRequest,
    reply: FastifyReply,
    id: string,
    state: { noteValues?: Record<string, unknown>; moveValues?: Record<string, unknown>; errors?: FormError[] },
    status: number,
  ) {
    const locale = this.staff.locale(request, reply);
    const interest = (await this.interest.get(id)) as InterestView & Record<string, unknown>;
    const moves = interest.erasedAt ? [] : INTEREST_MOVES[interest.status];
    const errors = state.errors ?? [];
    await this.staff.render(
      request,
      reply,
      'staff/interest',
      {
        interest,
        areas: interest.areas.map((a) => catalogLabel(locale, 'areas', a)),
        open: !interest.erasedAt,
        moves: moves.map((s) => ({ value: s, selected: s === state.moveValues?.status })),
        noteValues: state.noteValues ?? {},
        moveValues: state.moveValues ?? {},
        errorFor: errorsByField(errors),
      },
      { title: 'staff-board:interest.title', titleVars: { name: interest.name ?? '' }, nav: 'interest', errors, status },
    );
  }
}
