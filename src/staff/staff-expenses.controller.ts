import { Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { StaffPage } from '../auth/staff-session.js';
import { todayUtc } from '../common/util/months.js';
import type { Env } from '../config/env.validation.js';
import { catalogs } from '../i18n/catalogs.js';
import { CreateExpenseDto, ExpensesQuery } from '../expenses/expenses.dto.js';
import { ExpensesService } from '../expenses/expenses.service.js';
import { FundsService } from '../funds/funds.service.js';
import type { FormError } from '../pages/page-form.js';
import { ReverseDto } from '../roles/roles.dto.js';
import { checkForm, errorsByField, filled, refusal, textValues, typedMinor } from './spending-form.js';
import { currencyOptions } from './staff-funds.controller.js';
import { StaffPageExceptionFilter } from './staff-exception.filter.js';
import { pageQuery, pager } from './staff-pagination.js';
import { StaffRenderService, type StaffRequest } from './staff-render.service.js';
import { UuidOr404 } from './uuid-or-404.js';

const PAGE_SIZE = 25;
const EXPENSE_FIELDS = ['category', 'payee', 'fund', 'currency', 'amount', 'spentOn', 'reference', 'receiptUrl', 'note'] as const;
type ExpenseValues = Record<(typeof EXPENSE_FIELDS)[number], string>;
interface ExpensesState {
  expense?: ExpenseValues;
  reverse?: { expenseId: string; reason: string };
  errors?: FormError[];
  form?: 'expense' | 'reverse';
}

/**
 * Expenses (`ExpensesService`, as `/api/v1/expenses`): everyone on staff reads the list; the
 * treasurer and admins record one (with the restricted-fund guard's refusal shown as it is)
 * and reverse one.
 */
@ApiExcludeController()
@StaffPage('admin', 'treasurer', 'board')
@UseFilters(StaffPageExceptionFilter)
@Controller('staff/expenses')
export class StaffExpensesController {
  private readonly base: string;

  constructor(
    private readonly staff: StaffRenderService,
    private readonly expenses: ExpensesService,
    private readonly funds: FundsService,
    config: ConfigService<Env, true>,
  ) {
    this.base = config.get('BASE_CURRENCY', { infer: true });
  }

  @Get()
  async list(@Req() request: StaffRequest, @Res() reply: FastifyReply) {
    await this.show(request, reply, {}, 200);
  }

  @StaffPage('admin', 'treasurer')
  @Post()
  async create(@Req() request: StaffRequest, @Res() reply: FastifyReply) {
    const locale = this.staff.locale(request, reply);
    const values = textValues(request.body, EXPENSE_FIELDS);
    const currency = values.currency || this.base;
    const parsed = typedMinor(values.amount, currency);
    const { category, payee, fund, spentOn, reference, receiptUrl, note } = values;
    const input = { ...filled({ category, payee, fund, spentOn, reference, receiptUrl, note }), amount: { amount: parsed ?? 0, currency } };
    const result = await checkForm(CreateExpenseDto, input, locale, EXPENSE_FIELDS, {}, { text: values.amount, parsed });
    if (!result.ok) return this.show(request, reply, { expense: values, errors: result.errors, form: 'expense' }, 400);
    try {
      await this.expenses.create(result.dto, request.staffSession.actor);
    } catch (error) {
      const { errors, status } = refusal(error, locale, 'fund');
      return this.show(request, reply, { expense: values, errors, form: 'expense' }, status);
    }
    this.staff.redirect(reply, '/staff/expenses', 'expenseRecorded');
  }

  @StaffPage('admin', 'treasurer')
  @Post(':id/reverse')
  async reverse(@Param('id', UuidOr404) id: string, @Req() request: StaffRequest, @Res() reply: FastifyReply) {
    const locale = this.staff.locale(request, reply);
    const { reason } = textValues(request.body, ['reason']);
    const anchors = { reason: `f-reason-${id}` };
    const state = { reverse: { expenseId: id, reason }, form: 'reverse' as const };
    const result = await checkForm(ReverseDto, filled({ reason }), locale, ['reason'], anchors);
    if (!result.ok) return this.show(request, reply, { ...state, errors: result.errors }, 400);
    try {
      await this.expenses.reverse(id, result.dto, request.staffSession.actor);
    } catch (error) {
      const { errors, status } = refusal(error, locale, 'reason', anchors);
      return this.show(request, reply, { ...state, errors }, status);
    }
    this.staff.redirect(reply, '/staff/expenses', 'expenseReversed');
  }

  private async show(request: StaffRequest, reply: FastifyReply, state: ExpensesState, status: number) {
    const roles = request.staffSession.actor.roles;
    const canWrite = roles.includes('admin') || roles.includes('treasurer');
    // The funds are only for the new-expense form, which only a writer sees.
    const [page, funds] = await Promise.all([this.expenses.list(pageQuery(request.query, PAGE_SIZE, new ExpensesQuery())), canWrite ? this.funds.list() : []]);
    const errors = state.errors ?? [];
    const restricted = catalogs().t(this.staff.locale(request, reply), 'staff-spending:funds.restricted');
    const expense = state.expense ?? { category: '', payee: '', fund: 'general', currency: this.base, amount: '', spentOn: todayUtc(), reference: '', receiptUrl: '', note: '' };
    await this.staff.render(
      request,
      reply,
      'staff/expenses',
      {
        expenses: (page.items as { id: string }[]).map((x) => ({
          ...x,
          formId: `reverse-${x.id}`,
          reasonId: `f-reason-${x.id}`,
          reverseError: state.form === 'reverse' && state.reverse?.expenseId === x.id ? errors[0]?.message : undefined,
          reverseReason: state.reverse?.expenseId === x.id ? state.reverse.reason : '',
        })),
        pager: pager(page, '/staff/expenses'),
        canWrite,
        expense,
        expenseErrors: state.form === 'expense' ? errorsByField(errors) : {},
        fundOptions: [
          { value: '', label: '—', selected: !expense.fund },
          ...funds
            .filter((f) => f.active || f.code === expense.fund)
            .map((f) => ({ value: f.code, label: `${f.name} (${f.code})${f.restricted ? ` — ${restricted}` : ''}`, selected: f.code === expense.fund })),
        ],
        currencies: currencyOptions(expense.currency, this.base),
        reverseOpen: state.form === 'reverse' ? state.reverse?.expenseId : undefined,
      },
      { title: 'staff-spending:expenses.title', nav: 'expenses', errors, status },
    );
  }
}
