import { Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { StaffPage } from '../auth/staff-session.js';
import { todayUtc } from '../common/util/months.js';
import { AppException } from '../common/errors/app.exception.js';
import { catalogs } from '../i18n/catalogs.js';
import type { Locale } from '../i18n/locale.js';
import { inFieldOrder, validateForm, type FormError } from '../pages/page-form.js';
import { RolePaymentsService } from '../roles/role-payments.service.js';
import { PAYABLE, ROLE_MOVES, ROLE_STATUSES } from '../roles/role-status.js';
import { HolderDto, ReverseDto, RolePaymentDto, RolesQuery, RoleStatusDto } from '../roles/roles.dto.js';
import { RolesService } from '../roles/roles.service.js';
import { SeasonsService } from '../roles/seasons.service.js';
import { checkForm, errorsByField, filled, refusal, textValues, typedMinor } from './spending-form.js';
import { StaffPageExceptionFilter } from './staff-exception.filter.js';
import { pageQuery, pager } from './staff-pagination.js';
import { StaffRenderService, type StaffRequest } from './staff-render.service.js';
import { UuidOr404 } from './uuid-or-404.js';

const PAGE_SIZE = 25;
const PAYMENT_FIELDS = ['amount', 'paidOn', 'reference', 'note', 'overrideReason'] as const;
const STATUS_FIELDS = ['status', 'holderName', 'holderEmail', 'note'] as const;
const PAYMENT_ANCHORS = { amount: 'f-amount', paidOn: 'f-paidOn', reference: 'f-reference', note: 'f-note', overrideReason: 'f-overrideReason' };
const STATUS_ANCHORS = { status: 'f-status', holderName: 'f-holderName', holderEmail: 'f-holderEmail', note: 'f-status-note' };
const STATUS_ORDER = ['status', 'holderName', 'holderEmail', 'note'] as const;

type PaymentValues = Record<(typeof PAYMENT_FIELDS)[number], string>;
type StatusValues = Record<(typeof STATUS_FIELDS)[number], string>;
interface RoleState {
  payment?: PaymentValues;
  status?: StatusValues;
  reverse?: { paymentId: string; reason: string };
  errors?: FormError[];
  form?: 'payment' | 'status' | 'reverse';
}

/**
 * Roles and seasons for the treasurer and the board (`RolesService`, `SeasonsService`,
 * `RolePaymentsService`, as the API): the board reads; the treasurer and admins pay a role,
 * reverse a payment and move its status through the role's state machine.
 */
@ApiExcludeController()
@StaffPage('admin', 'treasurer', 'board')
@UseFilters(StaffPageExceptionFilter)
@Controller('staff/roles')
export class StaffRolesController {
  constructor(
    private readonly staff: StaffRenderService,
    private readonly roles: RolesService,
    private readonly payments: RolePaymentsService,
    private readonly seasons: SeasonsService,
  ) {}

  @Get()
  async list(@Req() request: StaffRequest, @Res() reply: FastifyReply) {
    const asked = (request.query as Record<string, unknown> | undefined)?.status;
    const status = ROLE_STATUSES.find((s) => s === asked);
    const [page, seasons] = await Promise.all([this.roles.list(pageQuery(request.query, PAGE_SIZE, Object.assign(new RolesQuery(), { status }))), this.seasons.list()]);
    await this.staff.render(
      request,
      reply,
      'staff/roles',
      { roles: page.items, pager: pager(page, '/staff/roles', { status }), statuses: ROLE_STATUSES.map((s) => ({ value: s, selected: s === status })), seasons },
      { title: 'staff-spending:roles.title', nav: 'roles' },
    );
  }

  @Get(':id')
  async role(@Param('id', UuidOr404) id: string, @Req() request: StaffRequest, @Res() reply: FastifyReply) {
    await this.show(request, reply, id, {}, 200);
  }

  @StaffPage('admin', 'treasurer')
  @Post(':id/payments')
  async pay(@Param('id', UuidOr404) id: string, @Req() request: StaffRequest, @Res() reply: FastifyReply) {
    const locale = this.staff.locale(request, reply);
    const values = textValues(request.body, PAYMENT_FIELDS);
    const role = await this.roles.get(id);
    const parsed = typedMinor(values.amount, role.currency);
    const { paidOn, reference, note, overrideReason } = values;
    const input = { ...filled({ paidOn, reference, note, overrideReason }), amount: { amount: parsed ?? 0, currency: role.currency } };
    const result = await checkForm(RolePaymentDto, input, locale, PAYMENT_FIELDS, PAYMENT_ANCHORS, { text: values.amount, parsed });
    if (!result.ok) return this.show(request, reply, id, { payment: values, errors: result.errors, form: 'payment' }, 400);
    try {
      await this.payments.pay(id, result.dto, request.staffSession.actor);
    } catch (error) {
      const { errors, status } = refusal(error, locale, 'amount', PAYMENT_ANCHORS);
      return this.show(request, reply, id, { payment: values, errors, form: 'payment' }, status);
    }
    this.staff.redirect(reply, `/staff/roles/${id}`, 'paymentRecorded');
  }

  @StaffPage('admin', 'treasurer')
  @Post(':id/payments/:paymentId/reverse')
  async reverse(@Param('id', UuidOr404) id: string, @Param('paymentId', UuidOr404) paymentId: string, @Req() request: StaffRequest, @Res() reply: FastifyReply) {
    const locale = this.staff.locale(request, reply);
    const { reason } = textValues(request.body, ['reason']);
    const anchors = { reason: `f-reason-${paymentId}` };
    const result = await checkForm(ReverseDto, filled({ reason }), locale, ['reason'], anchors);
    const state = { reverse: { paymentId, reason }, form: 'reverse' as const };
    if (!result.ok) return this.show(request, reply, id, { ...state, errors: result.errors }, 400);
    try {
      await this.payments.reverse(id, paymentId, result.dto, request.staffSession.actor);
    } catch (error) {
      const { errors, status } = refusal(error, locale, 'reason', anchors);
      return this.show(request, reply, id, { ...state, errors }, status);
    }
    this.staff.redirect(reply, `/staff/roles/${id}`, 'paymentReversed');
  }

  @StaffPage('admin', 'treasurer')
  @Post(':id/status')
  async move(@Param('id', UuidOr404) id: string, @Req() request: StaffRequest, @Res() reply: FastifyReply) {
    const locale = this.staff.locale(request, reply);
    const values = textValues(request.body, STATUS_FIELDS);
    const holder = values.holderName || values.holderEmail ? { holder: { name: values.holderName, email: values.holderEmail } } : {};
    const input = { ...filled({ status: values.status, note: values.note }), ...holder };
    const result = await checkForm(RoleStatusDto, input, locale, ['status', 'holder', 'note'], STATUS_ANCHORS);
    if (!result.ok) return this.show(request, reply, id, { status: values, errors: await holderApart(result.errors, values, locale), form: 'status' }, 400);
    try {
      await this.roles.move(id, result.dto, request.staffSession.actor);
    } catch (error) {
      // "An active role needs a holder" points at the holder's name, anything else at the status.
      const { errors, status } = refusal(error, locale, error instanceof AppException && error.code === 'role_needs_holder' ? 'holderName' : 'status', STATUS_ANCHORS);
      return this.show(request, reply, id, { status: values, errors, form: 'status' }, status);
    }
    this.staff.redirect(reply, `/staff/roles/${id}`, 'roleMoved');
  }

  private async show(request: StaffRequest, reply: FastifyReply, id: string, state: RoleState, status: number) {
    const role = await this.roles.get(id);
    const payments = (await this.payments.list(id)) as { id: string }[];
    const seasons = role.seasonId ? await this.seasons.list() : [];
    const roles = request.staffSession.actor.roles;
    const canWrite = roles.includes('admin') || roles.includes('treasurer');
    const errors = state.errors ?? [];
    const moves = ROLE_MOVES[role.status];
    const statusValues = state.status ?? { status: '', holderName: role.holder?.name ?? '', holderEmail: role.holder?.email ?? '', note: '' };
    await this.staff.render(
      request,
      reply,
      'staff/role',
      {
        role,
        season: seasons.find((s) => s.id === role.seasonId) ?? null,
        payments: payments.map((p) => ({
          ...p,
          formId: `reverse-${p.id}`,
          reasonId: `f-reason-${p.id}`,
          reverseError: state.form === 'reverse' && state.reverse?.paymentId === p.id ? errors[0]?.message : undefined,
          reverseReason: state.reverse?.paymentId === p.id ? state.reverse.reason : '',
        })),
        canWrite,
        payable: PAYABLE.includes(role.status),
        payment: state.payment ?? { amount: '', paidOn: todayUtc(), reference: '', note: '', overrideReason: '' },
        paymentErrors: state.form === 'payment' ? errorsByField(errors) : {},
        moves: moves.map((s) => ({ value: s, selected: s === statusValues.status })),
        statusValues,
        statusErrors: state.form === 'status' ? errorsByField(errors) : {},
        reverseOpen: state.form === 'reverse' ? state.reverse?.paymentId : undefined,
      },
      { title: 'staff-spending:role.title', titleVars: { title: role.title }, nav: 'roles', errors, status },
    );
  }
}

/**
 * The DTO reports the nested holder as one field; the page has two inputs. Checks the holder's
 * name and email on their own (the API's `HolderDto`) so each input gets its own message and
 * `aria-invalid`.
 */
async function holderApart(errors: FormError[], values: Record<(typeof STATUS_FIELDS)[number], string>, locale: Locale): Promise<FormError[]> {
  if (!errors.some((e) => e.field === 'holder')) return errors;
  const holder = await validateForm(HolderDto, { name: values.holderName, email: values.holderEmail }, locale);
  const fields = holder.ok ? ['holderName'] : holder.errors.map((e) => (e.field === 'email' ? 'holderEmail' : 'holderName'));
  const split = [...new Set(fields)].map((field) => ({
    field,
    href: `#${STATUS_ANCHORS[field as 'holderName' | 'holderEmail']}`,
    message: catalogs().t(locale, `staff-spending:errors.${field}`),
  }));
  return inFieldOrder([...errors.filter((e) => e.field !== 'holder'), ...split], STATUS_ORDER);
}
