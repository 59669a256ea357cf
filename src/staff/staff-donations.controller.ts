import { randomUUID } from 'node:crypto';
import { Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { isUUID } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { StaffPage } from '../auth/staff-session.js';
import { AppException } from '../common/errors/app.exception.js';
import { PaginationQuery } from '../common/pagination/pagination.dto.js';
import { DonationAdjustmentsService } from '../donations/donation-adjustments.service.js';
import { DonationReversalService } from '../donations/donation-reversal.service.js';
import { CHANNELS, ReassignFundDto, ReverseDonationDto, STATUSES } from '../donations/donations.dto.js';
import { DonationsService } from '../donations/donations.service.js';
import { FundsService } from '../funds/funds.service.js';
import { catalogs } from '../i18n/catalogs.js';
import { catalogLabel } from '../i18n/labels.js';
import type { Locale } from '../i18n/locale.js';
import { LedgerService } from '../ledger/ledger.service.js';
import { money } from '../pages/page-format.js';
import { one, validateForm, type FormError } from '../pages/page-form.js';
import { SponsorsService } from '../sponsors/sponsors.service.js';
import { donationFilters, donationFormModel, donationFormValues, donationServiceErrors, validateDonationForm, validateFilters, type DonationFormValues } from './donation-form.js';
import { FormOnceService } from './form-once.js';
import { refusalMessage } from './refusal-message.js';
import { StaffPageExceptionFilter } from './staff-exception.filter.js';
import { pageQuery, pager } from './staff-pagination.js';
import { StaffRenderService, type StaffRequest } from './staff-render.service.js';

const PAGE_SIZE = 25;

/** A donation id that is not a UUID is a page that does not exist (404), not a bad request. */
function checkedId(id: string): string {
  if (!isUUID(id)) throw new AppException('not_found', 'donation_not_found', `Donation ${id} does not exist`);
  return id;
}

interface DetailState {
  errors?: FormError[];
  reason?: string;
  fund?: string;
  status?: number;
}

/**
 * The treasurer's donations: the list with the API's filters, recording a bank transfer, crypto
 * payment, cheque (`other`), Patreon or merch line by hand, and one donation with its ledger
 * entries, its reversal and the move to another fund. Every action is the API's service with the
 * API's DTO (`POST /api/v1/donations`, `…/:id/reverse`, `…/:id/fund`).
 */
@ApiExcludeController()
@StaffPage('admin', 'treasurer')
@UseFilters(StaffPageExceptionFilter)
@Controller('staff/donations')
export class StaffDonationsController {
  constructor(
    private readonly staff: StaffRenderService,
    private readonly donations: DonationsService,
    private readonly adjustments: DonationAdjustmentsService,
    private readonly reversal: DonationReversalService,
    private readonly funds: FundsService,
    private readonly sponsors: SponsorsService,
    private readonly ledger: LedgerService,
    private readonly once: FormOnceService,
  ) {}

  @Get()
  async list(@Req() request: StaffRequest, @Res() reply: FastifyReply) {
    const locale = this.staff.locale(request, reply);
    const filters = donationFilters((request.query ?? {}) as Record<string, unknown>);
    const result = await validateFilters(filters, locale);
    // Independent reads: side by side, not one round trip after the other.
    const [funds, page] = await Promise.all([this.funds.list(), result.ok ? this.donations.list(pageQuery(request.query, PAGE_SIZE, result.dto)) : null]);
    const fundName = new Map(funds.map((f) => [f.code, catalogLabel(locale, 'funds', f.code, f.name)]));
    await this.staff.render(
      request,
      reply,
      'staff/donations',
      {
        filters,
        errorFor: result.ok ? {} : Object.fromEntries(result.errors.map((e) => [e.field, e.message])),
        donations: (page?.items ?? []).map((d) => ({ ...d, fundName: fundName.get(d.fund) ?? d.fund })),
        pager: page ? pager(page, '/staff/donations', { ...filters }) : null,
        total: page?.total ?? 0,
        channels: CHANNELS.map((c) => ({ value: c, label: catalogs().t(locale, `channels:${c}`), selected: c === filters.channel })),
        statuses: STATUSES.map((s) => ({ value: s, label: catalogs().t(locale, `staff-money:status.${s}`), selected: s === filters.status })),
        funds: funds.map((f) => ({ value: f.code, label: fundName.get(f.code), selected: f.code === filters.fund })),
        reconciledChoices: ['true', 'false'].map((v) => ({ value: v, label: catalogs().t(locale, `staff-money:list.reconciled.${v}`), selected: v === filters.reconciled })),
      },
      { title: 'staff-money:list.title', nav: 'donations', errors: result.ok ? [] : result.errors, status: result.ok ? 200 : 400 },
    );
  }

  @Get('new')
  async form(@Req() request: StaffRequest, @Res() reply: FastifyReply) {
    await this.showForm(request, reply, { currency: 'EUR', channel: 'bank', formKey: randomUUID() }, [], 200);
  }

  @Post('new')
  async create(@Req() request: StaffRequest, @Res() reply: FastifyReply) {
    const locale = this.staff.locale(request, reply);
    const values = donationFormValues((request.body ?? {}) as Record<string, unknown>);
    const result = await validateDonationForm(values, locale);
    if (!result.ok) return this.showForm(request, reply, values, result.errors, 400);
    const actor = request.staffSession.actor;
    try {
      const { id, replayed } = await this.once.once(
        `${actor.id} POST /staff/donations/new`,
        values.formKey,
        result.dto,
        async () => (await this.donations.createManual(result.dto, actor)).id,
      );
      this.staff.redirect(reply, `/staff/donations/${id}`, replayed ? 'donationRecordedBefore' : 'donationRecorded');
    } catch (error) {
      await this.showForm(request, reply, values, donationServiceErrors(error, locale), 400);
    }
  }

  @Get(':id')
  async donation(@Param('id') id: string, @Req() request: StaffRequest, @Res() reply: FastifyReply) {
    await this.show(request, reply, checkedId(id), {});
  }

  @Post(':id/reverse')
  async reverse(@Param('id') id: string, @Req() request: StaffRequest, @Res() reply: FastifyReply) {
    const donationId = checkedId(id);
    const locale = this.staff.locale(request, reply);
    const reason = one((request.body as Record<string, unknown> | undefined)?.reason)?.trim();
    const result = await validateForm(ReverseDonationDto, { reason }, locale);
    if (!result.ok) return this.show(request, reply, donationId, { reason, errors: [this.problem(locale, 'reason', 'f-reason')], status: 400 });
    try {
      await this.reversal.reverse(donationId, result.dto.reason, request.staffSession.actor);
      this.staff.redirect(reply, `/staff/donations/${donationId}`, 'donationReversed');
    } catch (error) {
      if (!(error instanceof AppException) || error.kind !== 'conflict') throw error;
      // Refused (already reversed, from Stripe, matched to a bank line, a closed month): the page again, saying why.
      await this.show(request, reply, donationId, { reason, errors: [this.refused(locale, error, 'reason', 'f-reason')], status: 409 });
    }
  }

  @Post(':id/fund')
  async moveFund(@Param('id') id: string, @Req() request: StaffRequest, @Res() reply: FastifyReply) {
    const donationId = checkedId(id);
    const locale = this.staff.locale(request, reply);
    const fund = one((request.body as Record<string, unknown> | undefined)?.fund);
    const result = await validateForm(ReassignFundDto, { fund }, locale);
    if (!result.ok) return this.show(request, reply, donationId, { fund, errors: [this.problem(locale, 'fund', 'f-fund')], status: 400 });
    try {
      await this.adjustments.reassign(donationId, result.dto.fund, request.staffSession.actor);
      this.staff.redirect(reply, `/staff/donations/${donationId}`, 'donationFundMoved');
    } catch (error) {
      if (!(error instanceof AppException) || (error.kind !== 'invalid' && error.kind !== 'conflict')) throw error;
      // The service's reason (an unknown or closed fund, a closed month …) by its code; a conflict stays the API's 409.
      await this.show(request, reply, donationId, { fund, errors: [this.refused(locale, error, 'fund', 'f-fund')], status: error.kind === 'conflict' ? 409 : 400 });
    }
  }

  private problem(locale: Locale, key: string, anchor: string): FormError {
    return { field: key, href: `#${anchor}`, message: catalogs().t(locale, `staff-money:donation.errors.${key}`) };
  }

  private refused(locale: Locale, error: AppException, field: string, anchor: string): FormError {
    return { field, href: `#${anchor}`, message: refusalMessage(locale, error, ['staff-money:donation.errors.refused']) };
  }

  private async showForm(request: StaffRequest, reply: FastifyReply, values: DonationFormValues, errors: FormError[], status: number) {
    const locale = this.staff.locale(request, reply);
    const funds = await this.funds.list();
    const model = donationFormModel(funds, values, errors, locale, (code, name) => catalogLabel(locale, 'funds', code, name));
    await this.staff.render(request, reply, 'staff/donation-new', model, { title: 'staff-money:new.title', nav: 'donations', errors, status });
  }

  private async show(request: StaffRequest, reply: FastifyReply, id: string, state: DetailState) {
    const locale = this.staff.locale(request, reply);
    const donation = await this.donations.get(id);
    const [funds, sponsor, entries] = await Promise.all([
      this.funds.list(),
      donation.sponsorId ? this.sponsors.get(donation.sponsorId) : Promise.resolve(null),
      this.ledger.entries({ donationId: id }, Object.assign(new PaginationQuery(), { page: 1, limit: 50 })),
    ]);
    const fundName = new Map(funds.map((f) => [f.code, catalogLabel(locale, 'funds', f.code, f.name)]));
    type Entry = {
      id: string;
      kind: string;
      effectiveDate: string;
      description: string;
      reverses: string | null;
      postings: { account: string; fund: string; currency: string; amount: number | string }[];
    };
    const items = (entries.items as Entry[]).map((e) => ({ ...e, postings: e.postings.map((p) => ({ ...p, fundName: fundName.get(p.fund) ?? p.fund })) }));
    const errors = state.errors ?? [];
    await this.staff.render(
      request,
      reply,
      'staff/donation',
      {
        donation: { ...donation, fundName: fundName.get(donation.fund) ?? donation.fund },
        sponsor: sponsor ? { id: sponsor.id, name: sponsor.name, email: sponsor.email } : null,
        entries: items,
        reversals: items.filter((e) => e.reverses),
        reversed: donation.status === 'reversed',
        canReverse: donation.status !== 'reversed' && donation.channel !== 'stripe' && !donation.reconciled,
        canMove: donation.status !== 'reversed',
        moveFunds: funds.filter((f) => f.active && f.code !== donation.fund).map((f) => ({ value: f.code, label: fundName.get(f.code), selected: f.code === state.fund })),
        values: { reason: state.reason },
        errorFor: Object.fromEntries(errors.map((e) => [e.field, e.message])),
      },
      { title: 'staff-money:donation.title', titleVars: { amount: money(donation.amount, donation.currency, locale) }, nav: 'donations', errors, status: state.status ?? 200 },
    );
  }
}
