import { Controller, Get, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { StaffPage } from '../auth/staff-session.js';
import { todayUtc } from '../common/util/months.js';
import type { Env } from '../config/env.validation.js';
import { FundBalancesService } from '../funds/fund-balances.service.js';
import { FundTransfersService } from '../funds/fund-transfers.service.js';
import { CreateFundDto, FundTransferDto } from '../funds/funds.dto.js';
import { FundsService } from '../funds/funds.service.js';
import type { FormError } from '../pages/page-form.js';
import { checkForm, errorsByField, filled, refusal, textValues, typedMinor } from './spending-form.js';
import { StaffPageExceptionFilter } from './staff-exception.filter.js';
import { StaffRenderService, type StaffRequest } from './staff-render.service.js';

export const SPENDING_CURRENCIES = ['EUR', 'USD', 'GBP', 'CHF'] as const;

const FUND_FIELDS = ['code', 'name', 'description', 'restricted'] as const;
const TRANSFER_FIELDS = ['from', 'to', 'amount', 'currency', 'transferredOn', 'reason'] as const;
const FUND_ANCHORS = { code: 'f-code', name: 'f-name', description: 'f-description', restricted: 'f-restricted' };
const TRANSFER_ANCHORS = { from: 'f-from', to: 'f-to', amount: 'f-t-amount', currency: 'f-t-currency', transferredOn: 'f-transferredOn', reason: 'f-reason' };

type FundValues = Record<(typeof FUND_FIELDS)[number], string>;
type TransferValues = Record<(typeof TRANSFER_FIELDS)[number], string>;
interface FundsState {
  fund?: FundValues;
  transfer?: TransferValues;
  errors?: FormError[];
  form?: 'fund' | 'transfer';
}

/**
 * Funds with their balances (`FundBalancesService.list`, as `GET /api/v1/funds`); the treasurer
 * and admins create funds, the board moves money between them (the API's roles for each).
 */
@ApiExcludeController()
@StaffPage('admin', 'treasurer', 'board')
@UseFilters(StaffPageExceptionFilter)
@Controller('staff/funds')
export class StaffFundsController {
  private readonly base: string;

  constructor(
    private readonly staff: StaffRenderService,
    private readonly balances: FundBalancesService,
    private readonly funds: FundsService,
    private readonly transfers: FundTransfersService,
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
    const values = textValues(request.body, FUND_FIELDS);
    const input = { ...filled({ code: values.code, name: values.name, description: values.description }), restricted: values.restricted === 'yes' };
    const result = await checkForm(CreateFundDto, input, locale, FUND_FIELDS, FUND_ANCHORS);
    if (!result.ok) return this.show(request, reply, { fund: values, errors: result.errors, form: 'fund' }, 400);
    try {
      await this.funds.create(result.dto, request.staffSession.actor);
    } catch (error) {
      const { errors, status } = refusal(error, locale, 'code', FUND_ANCHORS);
      return this.show(request, reply, { fund: values, errors, form: 'fund' }, status);
    }
    this.staff.redirect(reply, '/staff/funds', 'fundCreated');
  }

  @StaffPage('board')
  @Post('transfers')
  async transfer(@Req() request: StaffRequest, @Res() reply: FastifyReply) {
    const locale = this.staff.locale(request, reply);
    const values = textValues(request.body, TRANSFER_FIELDS);
    const currency = values.currency || this.base;
    const parsed = typedMinor(values.amount, currency);
    const input = { ...filled({ from: values.from, to: values.to, transferredOn: values.transferredOn, reason: values.reason }), amount: { amount: parsed ?? 0, currency } };
    const result = await checkForm(FundTransferDto, input, locale, TRANSFER_FIELDS, TRANSFER_ANCHORS, { text: values.amount, parsed });
    if (!result.ok) return this.show(request, reply, { transfer: values, errors: result.errors, form: 'transfer' }, 400);
    try {
      await this.transfers.create(result.dto, request.staffSession.actor);
    } catch (error) {
      const { errors, status } = refusal(error, locale, 'from', TRANSFER_ANCHORS);
      return this.show(request, reply, { transfer: values, errors, form: 'transfer' }, status);
    }
    this.staff.redirect(reply, '/staff/funds', 'transferRecorded');
  }

  private async show(request: StaffRequest, reply: FastifyReply, state: FundsState, status: number) {
    const roles = request.staffSession.actor.roles;
    const funds = await this.balances.list();
    const canTransfer = roles.includes('board');
    const transfer = state.transfer ?? { from: '', to: '', amount: '', currency: this.base, transferredOn: todayUtc(), reason: '' };
    // The transfer form is the board's only: its choices are not built for a page that does not show it.
    const fundOptions = (chosen: string) =>
      canTransfer ? [{ value: '', label: '—', selected: !chosen }, ...funds.map((f) => ({ value: f.code, label: `${f.name} (${f.code})`, selected: f.code === chosen }))] : [];
    await this.staff.render(
      request,
      reply,
      'staff/funds',
      {
        funds,
        baseCurrency: this.base,
        canCreate: roles.includes('admin') || roles.includes('treasurer'),
        canTransfer,
        fund: state.fund ?? { code: '', name: '', description: '', restricted: 'yes' },
        transfer,
        fromOptions: fundOptions(transfer.from),
        toOptions: fundOptions(transfer.to),
        currencies: canTransfer ? currencyOptions(transfer.currency, this.base) : [],
        fundErrors: state.form === 'fund' ? errorsByField(state.errors ?? []) : {},
        transferErrors: state.form === 'transfer' ? errorsByField(state.errors ?? []) : {},
      },
      { title: 'staff-spending:funds.title', nav: 'funds', errors: state.errors ?? [], status },
    );
  }
}

/** The currencies a form offers: the common ones and the base currency, the chosen one selected. */
export function currencyOptions(chosen: string, base: string) {
  const codes = [...new Set([base, ...SPENDING_CURRENCIES, ...(chosen ? [chosen] : [])])];
  return codes.map((code) => ({ value: code, label: code, selected: code === chosen }));
}
