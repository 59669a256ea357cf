import { Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { isUUID } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { StaffPage } from '../auth/staff-session.js';
import { AppException } from '../common/errors/app.exception.js';
import { catalogs } from '../i18n/catalogs.js';
import { catalogLabel } from '../i18n/labels.js';
import type { Locale } from '../i18n/locale.js';
import { one, validateForm, type FormError } from '../pages/page-form.js';
import { SponsorsQuery, StatementQuery, UpdateSponsorDto } from '../sponsors/sponsors.dto.js';
import { SponsorsService } from '../sponsors/sponsors.service.js';
import { StatementService } from '../sponsors/statement.service.js';
import { FundsService } from '../funds/funds.service.js';
import { StaffPageExceptionFilter } from './staff-exception.filter.js';
import { pageQuery, pager } from './staff-pagination.js';
import { StaffRenderService, type StaffRequest } from './staff-render.service.js';

const PAGE_SIZE = 25;
const LOCALES = ['en', 'de'] as const;

function checkedId(id: string): string {
  if (!isUUID(id)) throw new AppException('not_found', 'sponsor_not_found', `Sponsor ${id} does not exist`);
  return id;
}

interface SponsorState {
  errors?: FormError[];
  status?: number;
  preferences?: { receipts: boolean; updates: boolean; locale?: string };
}

/**
 * The sponsors (`SponsorsService`, `StatementService`, as `/api/v1/sponsors`): the list with its
 * search, one sponsor with giving per year, the email preferences the API's PATCH changes, and
 * the annual statement of a chosen year with the button that queues it by email.
 */
@ApiExcludeController()
@StaffPage('admin', 'treasurer')
@UseFilters(StaffPageExceptionFilter)
@Controller('staff/sponsors')
export class StaffSponsorsController {
  constructor(
    private readonly staff: StaffRenderService,
    private readonly sponsors: SponsorsService,
    private readonly statements: StatementService,
    private readonly funds: FundsService,
  ) {}

  @Get()
  async list(@Req() request: StaffRequest, @Res() reply: FastifyReply) {
    const locale = this.staff.locale(request, reply);
    const q = one((request.query as Record<string, unknown> | undefined)?.q)?.trim() || undefined;
    const result = await validateForm(SponsorsQuery, q ? { q } : {}, locale);
    const page = result.ok ? await this.sponsors.list(pageQuery(request.query, PAGE_SIZE, result.dto)) : null;
    const errors = result.ok ? [] : [{ field: 'q', href: '#f-q', message: catalogs().t(locale, 'staff-money:sponsors.errors.q') }];
    await this.staff.render(
      request,
      reply,
      'staff/sponsors',
      {
        q,
        sponsors: page?.items ?? [],
        pager: page ? pager(page, '/staff/sponsors', { q }) : null,
        total: page?.total ?? 0,
        errorFor: Object.fromEntries(errors.map((e) => [e.field, e.message])),
      },
      { title: 'staff-money:sponsors.title', nav: 'sponsors', errors, status: result.ok ? 200 : 400 },
    );
  }

  @Get(':id')
  async sponsor(@Param('id') id: string, @Req() request: StaffRequest, @Res() reply: FastifyReply) {
    await this.show(request, reply, checkedId(id), one((request.query as Record<string, unknown> | undefined)?.year), {});
  }

  /** The email preferences and language, as `PATCH /api/v1/sponsors/:id` changes them. */
  @Post(':id')
  async update(@Param('id') id: string, @Req() request: StaffRequest, @Res() reply: FastifyReply) {
    const sponsorId = checkedId(id);
    const locale = this.staff.locale(request, reply);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const preferences = { receipts: body.receipts === 'yes', updates: body.updates === 'yes', locale: one(body.locale) };
    const result = await validateForm(UpdateSponsorDto, { emailPreferences: { receipts: preferences.receipts, updates: preferences.updates }, locale: preferences.locale }, locale);
    if (!result.ok) return this.show(request, reply, sponsorId, undefined, { preferences, errors: [this.problem(locale, 'locale', 'f-locale-en')], status: 400 });
    await this.sponsors.update(sponsorId, result.dto, request.staffSession.actor);
    this.staff.redirect(reply, `/staff/sponsors/${sponsorId}`, 'sponsorUpdated');
  }

  /** Queues the annual statement email (`POST /api/v1/sponsors/:id/statement/send?year=`), once per sponsor and year. */
  @Post(':id/statement/send')
  async send(@Param('id') id: string, @Req() request: StaffRequest, @Res() reply: FastifyReply) {
    const sponsorId = checkedId(id);
    const locale = this.staff.locale(request, reply);
    const year = one((request.body as Record<string, unknown> | undefined)?.year);
    const result = await validateForm(StatementQuery, { year }, locale);
    if (!result.ok) return this.show(request, reply, sponsorId, undefined, { errors: [this.problem(locale, 'year', 'f-year')], status: 400 });
    const outcome = await this.statements.send(sponsorId, result.dto.year, request.staffSession.actor);
    this.staff.redirect(reply, `/staff/sponsors/${sponsorId}?year=${result.dto.year}`, outcome.queued ? 'statementQueued' : 'statementQueuedBefore');
  }

  private problem(locale: Locale, field: string, anchor: string): FormError {
    return { field, href: `#${anchor}`, message: catalogs().t(locale, `staff-money:sponsor.errors.${field}`) };
  }

  private async show(request: StaffRequest, reply: FastifyReply, id: string, askedYear: string | undefined, state: SponsorState) {
    const locale = this.staff.locale(request, reply);
    const sponsor = await this.sponsors.get(id);
    const errors = [...(state.errors ?? [])];
    const thisYear = new Date().getUTCFullYear();
    const givingYears = [...new Set(sponsor.giving.byYear.map((r) => r.year))];
    let year = givingYears[0] ?? thisYear;
    if (askedYear !== undefined) {
      const checked = await validateForm(StatementQuery, { year: askedYear }, locale);
      if (checked.ok) year = checked.dto.year;
      else errors.push(this.problem(locale, 'year', 'f-year'));
    }
    const statement = await this.statements.statement(id, year);
    const funds = await this.funds.list();
    const fundName = new Map(funds.map((f) => [f.code, catalogLabel(locale, 'funds', f.code, f.name)]));
    const years = [...new Set([thisYear, ...givingYears, year])].sort((a, b) => b - a);
    const prefs = state.preferences ?? { ...sponsor.emailPreferences, locale: sponsor.locale };
    await this.staff.render(
      request,
      reply,
      'staff/sponsor',
      {
        sponsor,
        year,
        years: years.map((y) => ({ value: String(y), label: String(y), selected: y === year })),
        statement: { ...statement, donations: statement.donations.map((d) => ({ ...d, fundName: fundName.get(d.fund) ?? d.fund })) },
        preferences: prefs,
        locales: LOCALES.map((l) => ({ id: `f-locale-${l}`, value: l, label: catalogs().t(locale, `staff-money:sponsor.language.${l}`), checked: prefs.locale === l })),
        errorFor: Object.fromEntries(errors.map((e) => [e.field, e.message])),
      },
      { title: 'staff-money:sponsor.title', titleVars: { name: sponsor.name }, nav: 'sponsors', errors, status: state.status ?? (errors.length ? 400 : 200) },
    );
  }
}
