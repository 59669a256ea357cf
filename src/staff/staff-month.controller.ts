import { Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { StaffPage } from '../auth/staff-session.js';
import { AppException } from '../common/errors/app.exception.js';
import { IMPORT_KINDS } from '../imports/parsing/row.js';
import { ImportsService } from '../imports/imports.service.js';
import { catalogs } from '../i18n/catalogs.js';
import { formErrorsFrom, one, validateForm, type FormError } from '../pages/page-form.js';
import { PeriodsService } from '../periods/periods.service.js';
import { AcknowledgeService } from '../reconciliation/acknowledge.service.js';
import { ClassifyService } from '../reconciliation/classify.service.js';
import { MatchesService } from '../reconciliation/matches.service.js';
import { AcknowledgeDto, ClassifyDto, CreateMatchDto } from '../reconciliation/reconciliation.dto.js';
import { ReconciliationRunService } from '../reconciliation/reconciliation-run.service.js';
import { MonthPageService } from './month-page.service.js';
import { monthView, type MonthPageState } from './month-view.js';
import { refusalMessage } from './refusal-message.js';
import { StaffPageExceptionFilter } from './staff-exception.filter.js';
import { StaffRenderService, type StaffRequest } from './staff-render.service.js';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The treasurer's month: import a statement, reconcile, accept suggestions, classify deposits,
 * close. Every action is the API's service with the API's DTO; the page only maps forms to them.
 */
@ApiExcludeController()
@StaffPage('admin', 'treasurer')
@UseFilters(StaffPageExceptionFilter)
@Controller('staff/month/:month')
export class StaffMonthController {
  constructor(
    private readonly staff: StaffRenderService,
    private readonly periods: PeriodsService,
    private readonly runs: ReconciliationRunService,
    private readonly matches: MatchesService,
    private readonly classifier: ClassifyService,
    private readonly imports: ImportsService,
    private readonly page: MonthPageService,
    private readonly acknowledgements: AcknowledgeService,
  ) {}

  @Get()
  async month(@Param('month') month: string, @Req() request: StaffRequest, @Res() reply: FastifyReply) {
    await this.show(request, reply, checked(month), {}, 200);
  }

  /** Multipart: the CSRF token rides in the query (the guard reads it there), the fields before the file. */
  @Post('import')
  async upload(@Param('month') month: string, @Req() request: StaffRequest, @Res() reply: FastifyReply) {
    const m = checked(month);
    try {
      const outcome = await this.imports.importUpload(request, request.staffSession.actor);
      if (outcome.summary.errors.length === 0) return this.staff.redirect(reply, `/staff/month/${m}`, outcome.replayed ? 'importedBefore' : 'imported');
      await this.show(request, reply, m, { imported: outcome.summary }, 400);
    } catch (error) {
      if (!(error instanceof AppException) || (error.kind !== 'invalid' && error.kind !== 'too_large')) throw error;
      await this.show(request, reply, m, { errors: [this.problem(request, reply, 'f-file', error.message)] }, error.kind === 'too_large' ? 413 : 400);
    }
  }

  @Post('reconcile')
  async reconcile(@Param('month') month: string, @Req() request: StaffRequest, @Res() reply: FastifyReply) {
    const m = checked(month);
    await this.runs.run({ from: `${m}-01`, to: lastDay(m) }, request.staffSession.actor);
    this.staff.redirect(reply, `/staff/month/${m}`, 'reconciled');
  }

  @Post('accept')
  async accept(@Param('month') month: string, @Req() request: StaffRequest, @Res() reply: FastifyReply) {
    const m = checked(month);
    const locale = this.staff.locale(request, reply);
    const result = await validateForm(CreateMatchDto, { suggestionId: one((request.body as Record<string, unknown>)?.suggestionId) }, locale);
    if (!result.ok) return this.show(request, reply, m, { errors: result.errors }, 400);
    await this.matches.create(result.dto, request.staffSession.actor);
    this.staff.redirect(reply, `/staff/month/${m}`, 'accepted');
  }

  @Post('classify')
  async classify(@Param('month') month: string, @Req() request: StaffRequest, @Res() reply: FastifyReply) {
    const m = checked(month);
    const locale = this.staff.locale(request, reply);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const lineId = one(body.bankLineId) ?? '';
    const anchors = { as: `f-as-${lineId}`, fund: `f-fund-${lineId}`, note: `f-note-${lineId}` };
    const t = (key: string) => catalogs().t(locale, `staff:month.errors.${key}`);
    // The two choices the form cannot leave empty get the page's own words; the rest is the API's DTO.
    let errors: FormError[] = [
      ...(one(body.as) ? [] : [{ field: 'as', href: `#${anchors.as}`, message: t('as') }]),
      ...(one(body.note) ? [] : [{ field: 'note', href: `#${anchors.note}`, message: t('note') }]),
    ];
    const result = await validateForm(ClassifyDto, { as: one(body.as), fund: one(body.fund), note: one(body.note) ?? '' }, locale, anchors);
    if (errors.length === 0 && !result.ok) errors = result.errors;
    if (result.ok && errors.length === 0) {
      try {
        await this.classifier.classify(lineId, result.dto, request.staffSession.actor);
        return this.staff.redirect(reply, `/staff/month/${m}`, 'classified');
      } catch (error) {
        errors = formErrorsFrom(error, locale, anchors, (field) => (field === 'fund' ? 'unknownFund' : 'generic'));
      }
    }
    await this.show(request, reply, m, { errors, classifying: { lineId, as: one(body.as), fund: one(body.fund), note: one(body.note) } }, 400);
  }

  /** Match by hand: a bank line and the donation or payout it carries (`POST /reconciliation/matches`, rule `manual`). */
  @Post('match')
  async match(@Param('month') month: string, @Req() request: StaffRequest, @Res() reply: FastifyReply) {
    const m = checked(month);
    const locale = this.staff.locale(request, reply);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const values = { bankLineId: one(body.bankLineId), counterpart: one(body.counterpart), note: typeof body.note === 'string' ? body.note : undefined };
    const t = (key: string, vars?: Record<string, unknown>) => catalogs().t(locale, `staff-admin:month.errors.${key}`, vars);
    const [kind, id] = (values.counterpart ?? '').split(':');
    const target = { donation: 'donationId', payout: 'payoutId', provider: 'providerPayoutId' }[kind];
    let errors: FormError[] = [
      ...(values.bankLineId ? [] : [{ field: 'bankLineId', href: '#f-match-line', message: t('matchLine') }]),
      ...(target && id ? [] : [{ field: 'counterpart', href: '#f-match-counterpart', message: t('matchCounterpart') }]),
    ];
    if (errors.length === 0) {
      const dto = { bankLineId: values.bankLineId, [target!]: id, ...(values.note?.trim() ? { note: values.note.trim() } : {}) };
      const result = await validateForm(CreateMatchDto, dto, locale, { bankLineId: 'f-match-line', [target!]: 'f-match-counterpart', note: 'f-match-note' });
      if (!result.ok) errors = result.errors.map((e) => ({ ...e, message: t(e.field === 'note' ? 'matchNote' : e.field === 'bankLineId' ? 'matchLine' : 'matchCounterpart') }));
      else {
        try {
          await this.matches.create(result.dto, request.staffSession.actor);
          return this.staff.redirect(reply, `/staff/month/${m}`, 'matchedByHand');
        } catch (error) {
          // The service's refusal (amounts differ, already matched, a Stripe donation) is the API's 409, shown on the form.
          if (!(error instanceof AppException) || error.kind !== 'conflict') throw error;
          return this.show(
            request,
            reply,
            m,
            { errors: [{ field: 'counterpart', href: '#f-match-counterpart', message: t('matchRefused', { detail: refusalMessage(locale, error) }) }], matching: values },
            409,
          );
        }
      }
    }
    await this.show(request, reply, m, { errors, matching: values }, 400);
  }

  /** A Stripe-side finding accepted as it is, with the reason (`POST /reconciliation/matches/:id/acknowledge`). */
  @Post('acknowledge')
  async acknowledge(@Param('month') month: string, @Req() request: StaffRequest, @Res() reply: FastifyReply) {
    const m = checked(month);
    const locale = this.staff.locale(request, reply);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const values = { matchId: one(body.matchId), reason: typeof body.reason === 'string' ? body.reason : '' };
    const t = (key: string, vars?: Record<string, unknown>) => catalogs().t(locale, `staff-admin:month.errors.${key}`, vars);
    const errors: FormError[] = [];
    if (!values.matchId || !UUID.test(values.matchId)) errors.push({ field: 'matchId', href: '#f-ack-finding', message: t('ackFinding') });
    const result = await validateForm(AcknowledgeDto, { reason: values.reason }, locale, { reason: 'f-ack-reason' });
    if (!result.ok) errors.push(...result.errors.map((e) => ({ ...e, message: t('ackReason') })));
    if (errors.length === 0 && result.ok) {
      try {
        await this.acknowledgements.acknowledge(values.matchId!, result.dto.reason, request.staffSession.actor);
        return this.staff.redirect(reply, `/staff/month/${m}`, 'acknowledged');
      } catch (error) {
        if (!(error instanceof AppException) || error.kind !== 'conflict') throw error;
        return this.show(
          request,
          reply,
          m,
          { errors: [{ field: 'matchId', href: '#f-ack-finding', message: t('ackRefused', { detail: refusalMessage(locale, error) }) }], acknowledging: values },
          409,
        );
      }
    }
    await this.show(request, reply, m, { errors, acknowledging: values }, 400);
  }

  @Post('close')
  async close(@Param('month') month: string, @Req() request: StaffRequest, @Res() reply: FastifyReply) {
    const m = checked(month);
    try {
      await this.periods.close(m, request.staffSession.actor);
      this.staff.redirect(reply, `/staff/month/${m}`, 'closed');
    } catch (error) {
      if (!(error instanceof AppException) || error.kind !== 'conflict') throw error;
      // Refused: the page again, the open items listed, the reason in the summary.
      const key = error.code === 'period_open_items' ? 'openItems' : error.code === 'period_not_over' ? 'notOver' : 'closedAlready';
      const message = catalogs().t(this.staff.locale(request, reply), `staff:month.closeRefused.${key}`, { count: (error.details ?? []).length });
      await this.show(request, reply, m, { errors: [{ field: 'close', href: '#open-items', message }] }, 409);
    }
  }

  private problem(request: StaffRequest, reply: FastifyReply, anchor: string, detail: string): FormError {
    const message = catalogs().t(this.staff.locale(request, reply), 'staff:month.errors.import', { detail });
    return { field: 'file', href: `#${anchor}`, message };
  }

  private async show(request: StaffRequest, reply: FastifyReply, month: string, state: MonthPageState, status: number) {
    const shown = await this.page.read(month, `${month}-01`, lastDay(month));
    const model = monthView({ month, ...shown, kinds: IMPORT_KINDS, state, csrf: request.staffSession.csrf });
    await this.staff.render(request, reply, 'staff/month', model, { title: 'staff:month.title', titleVars: { month }, nav: 'month', errors: state.errors ?? [], status });
  }
}

function checked(month: string): string {
  if (!MONTH.test(month)) throw new AppException('not_found', 'not_found', `No month ${month}`);
  return month;
}

function lastDay(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/** `/staff/month`: the month waiting to be closed (the last one). */
@ApiExcludeController()
@StaffPage('admin', 'treasurer')
@UseFilters(StaffPageExceptionFilter)
@Controller('staff/month')
export class StaffMonthRedirectController {
  constructor(private readonly staff: StaffRenderService) {}

  @Get()
  current(@Res() reply: FastifyReply) {
    const now = new Date();
    this.staff.redirect(reply, `/staff/month/${new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7)}`);
  }
}
