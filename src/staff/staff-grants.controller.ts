import { Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { StaffPage } from '../auth/staff-session.js';
import { StaffSessionService } from '../auth/staff-session.service.js';
import { minorUnitExponent } from '../common/money/currency.js';
import { GRANT_MOVES, GRANT_STATUSES } from '../grants/grant-status.js';
import { GrantListQuery, GrantStatusDto } from '../grants/grants.dto.js';
import { GrantsService } from '../grants/grants.service.js';
import { catalogs } from '../i18n/catalogs.js';
import { catalogLabel } from '../i18n/labels.js';
import type { Locale } from '../i18n/locale.js';
import { errorsByField, one, type FormError } from '../pages/page-form.js';
import { parseTypedAmount } from '../pages/page-format.js';
import { boardForm, fieldError, refusal, setOnce, takeOnce } from './staff-board-form.js';
import { UuidOr404 } from './uuid-or-404.js';
import { StaffPageExceptionFilter } from './staff-exception.filter.js';
import { pageQuery, pager } from './staff-pagination.js';
import { StaffRenderService, type StaffRequest } from './staff-render.service.js';

const PAGE_SIZE = 25;
const LINK_COOKIE = 'coffer_grantee_link';
const GRANTEE_URL = /^https?:\/\/[^\s]+\/grantee\/[A-Za-z0-9_-]{43}$/;
const STATUS_ANCHORS = { status: 'f-status', awardedAmount: 'f-awardedAmount', note: 'f-note' };

interface StatusValues {
  status?: string;
  awardedAmount?: string;
  note?: string;
}

/**
 * Grant applications through their states (`GrantsService`, as the API): the list, one grant
 * with its milestones and history, the status form (the grant state machine) and the grantee
 * link. Reading is open to the treasurer as in the API; writing to admins and the board.
 */
@ApiExcludeController()
@StaffPage('admin', 'board', 'treasurer')
@UseFilters(StaffPageExceptionFilter)
@Controller('staff/grants')
export class StaffGrantsController {
  constructor(
    private readonly staff: StaffRenderService,
    private readonly grants: GrantsService,
    private readonly sessions: StaffSessionService,
  ) {}

  @Get()
  async list(@Req() request: StaffRequest, @Res() reply: FastifyReply) {
    const asked = (request.query as Record<string, unknown>).status;
    const chosen = GRANT_STATUSES.find((s) => s === asked);
    const page = await this.grants.list(pageQuery(request.query, PAGE_SIZE, Object.assign(new GrantListQuery(), { status: chosen })));
    await this.staff.render(
      request,
      reply,
      'staff/grants',
      {
        grants: page.items,
        pager: pager(page, '/staff/grants', { status: chosen }),
        statuses: GRANT_STATUSES.map((s) => ({ value: s, selected: s === chosen })),
      },
      { title: 'staff-board:grants.title', nav: 'grants' },
    );
  }

  @Get(':id')
  async grant(@Param('id', UuidOr404) id: string, @Req() request: StaffRequest, @Res() reply: FastifyReply) {
    const issued = takeOnce(request.headers.cookie, reply, this.sessions, LINK_COOKIE, `/staff/grants/${id}`);
    await this.show(request, reply, id, { issuedLink: issued && GRANTEE_URL.test(issued) ? issued : undefined }, 200);
  }

  @Post(':id/status')
  @StaffPage('admin', 'board')
  async move(@Param('id', UuidOr404) id: string, @Req() request: StaffRequest, @Res() reply: FastifyReply) {
    const locale = this.staff.locale(request, reply);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const values: StatusValues = { status: one(body.status), awardedAmount: one(body.awardedAmount), note: one(body.note) };
    const grant = await this.grants.get(id);
    const errors: FormError[] = [];
    if (!values.status) errors.push(fieldError(locale, 'status', STATUS_ANCHORS.status));
    let awardedAmount: { amount: number; currency: string } | undefined;
    if (values.awardedAmount) {
      const amount = parseTypedAmount(values.awardedAmount, minorUnitExponent(grant.requestedAmount.currency));
      if (amount === undefined) errors.push(fieldError(locale, 'awardedAmount', STATUS_ANCHORS.awardedAmount));
      else awardedAmount = { amount, currency: grant.requestedAmount.currency };
    }
    if (errors.length === 0) {
      const form = await boardForm(GrantStatusDto, { status: values.status, awardedAmount, note: values.note }, locale, STATUS_ANCHORS);
      if (!form.ok) return this.show(request, reply, id, { values, errors: form.errors }, form.status);
      try {
        await this.grants.move(id, form.dto, request.staffSession.actor);
        return this.staff.redirect(reply, `/staff/grants/${id}`, 'grantMoved');
      } catch (error) {
        const refused = refusal(error, locale, 'status', STATUS_ANCHORS.status, catalogs().t(locale, `staff-board:grantStatus.${form.dto.status}`));
        return this.show(request, reply, id, { values, errors: refused.errors }, refused.status);
      }
    }
    await this.show(request, reply, id, { values, errors }, 400);
  }

  /** Revokes the grant's grantee links and issues a new one, shown once on the grant's page. */
  @Post(':id/grantee-link')
  @StaffPage('admin', 'board')
  async granteeLink(@Param('id', UuidOr404) id: string, @Req() request: StaffRequest, @Res() reply: FastifyReply) {
    const locale = this.staff.locale(request, reply);
    try {
      const link = await this.grants.reissueGranteeLink(id, request.staffSession.actor);
      setOnce(reply, this.sessions, LINK_COOKIE, link.url, `/staff/grants/${id}`);
      return this.staff.redirect(reply, `/staff/grants/${id}`, 'granteeLinkIssued');
    } catch (error) {
      const refused = refusal(error, locale, 'granteeLink', 'f-grantee-link');
      return this.show(request, reply, id, { errors: refused.errors }, refused.status);
    }
  }

  private async show(request: StaffRequest, reply: FastifyReply, id: string, state: { values?: StatusValues; errors?: FormError[]; issuedLink?: string }, status: number) {
    const locale = this.staff.locale(request, reply);
    const grant = await this.grants.get(id);
    const roles = request.staffSession.actor.roles;
    const canWrite = roles.includes('admin') || roles.includes('board');
    const moves = GRANT_MOVES[grant.status];
    const errors = state.errors ?? [];
    await this.staff.render(
      request,
      reply,
      'staff/grant',
      {
        grant,
        areas: grant.areas.map((code: string) => areaLabel(locale, code)),
        milestones: grant.milestones.map((m) => ({ ...m, reviewable: m.status === 'submitted' && roles.includes('board'), amended: m.version > 1 })),
        history: grant.history,
        moves,
        canWrite,
        canMove: canWrite && moves.length > 0,
        needsAward: moves.includes('selected'),
        canIssueLink: canWrite && grant.status === 'active',
        issuedLink: state.issuedLink,
        values: state.values ?? {},
        moveOptions: moves.map((s) => ({ value: s, selected: s === state.values?.status })),
        errorFor: errorsByField(errors),
      },
      { title: 'staff-board:grant.title', titleVars: { title: grant.title }, nav: 'grants', errors, status },
    );
  }
}

function areaLabel(locale: Locale, code: string): string {
  return catalogLabel(locale, 'areas', code);
}
