import { Controller, Get, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { StaffPage } from '../auth/staff-session.js';
import { AppException, type FieldProblem } from '../common/errors/app.exception.js';
import { type Fund, FundsService } from '../funds/funds.service.js';
import { catalogs } from '../i18n/catalogs.js';
import { LOCALES, type Locale } from '../i18n/locale.js';
import { one, validateForm, type FormError } from '../pages/page-form.js';
import { UpdateSender } from '../updates/update-sender.service.js';
import { CreateUpdateDto, EditUpdateDto, PeriodDto, PreviewQuery, UpdatesQuery, UpdateVariantDto } from '../updates/updates.dto.js';
import { defaultPeriod, type SponsorUpdate, UpdatesService } from '../updates/updates.service.js';
import { StaffPageExceptionFilter } from './staff-exception.filter.js';
import { pageQuery, pager } from './staff-pagination.js';
import { StaffRenderService, type StaffRequest } from './staff-render.service.js';
import { UuidOr404 } from './uuid-or-404.js';

const PAGE_SIZE = 25;

/** The draft form's fields in page order, each with the id of its input. */
const ANCHORS = {
  subject: 'f-subject',
  body: 'f-body',
  audience: 'f-audience',
  includeImpactSummary: 'f-impact',
  periodFrom: 'f-period-from',
  periodTo: 'f-period-to',
  deSubject: 'f-de-subject',
  deBody: 'f-de-body',
} as const;
type DraftField = keyof typeof ANCHORS;
type DraftValues = Partial<Record<Exclude<DraftField, 'includeImpactSummary'>, string>> & { includeImpactSummary?: boolean };

/** The draft form as the API's JSON body (`CreateUpdateDto` / `EditUpdateDto`): the page always sends every field. */
function toDto(v: DraftValues) {
  return {
    subject: v.subject ?? '',
    body: v.body ?? '',
    audience: v.audience ?? '',
    includeImpactSummary: v.includeImpactSummary === true,
    ...(v.periodFrom || v.periodTo ? { period: { from: v.periodFrom ?? '', to: v.periodTo ?? '' } } : {}),
    // No German text: no German variant (on an edit, `{}` removes the stored one, as in the API).
    translations: v.deSubject || v.deBody ? { de: { subject: v.deSubject ?? '', body: v.deBody ?? '' } } : {},
  };
}

function valuesFrom(body: unknown): DraftValues {
  const b = (body ?? {}) as Record<string, unknown>;
  const text = (name: string) => (typeof b[name] === 'string' ? b[name] : undefined);
  return {
    subject: text('subject'),
    body: text('body'),
    audience: one(b.audience),
    includeImpactSummary: b.includeImpactSummary === 'yes',
    periodFrom: text('periodFrom')?.trim(),
    periodTo: text('periodTo')?.trim(),
    deSubject: text('deSubject'),
    deBody: text('deBody'),
  };
}

function valuesOf(u: SponsorUpdate): DraftValues {
  return {
    subject: u.subject,
    body: u.body,
    audience: u.audience,
    includeImpactSummary: u.includeImpactSummary,
    periodFrom: u.period.from,
    periodTo: u.period.to,
    deSubject: u.translations.de?.subject,
    deBody: u.translations.de?.body,
  };
}

/**
 * Sponsor updates (`UpdatesService`, `UpdateSender`, as `/api/v1/updates`): the list for every
 * role that may read them, and for the board the draft form, editing, the preview as a sponsor
 * would receive it, and sending once. The roles are the API's, route by route.
 */
@ApiExcludeController()
@StaffPage('admin', 'treasurer', 'board')
@UseFilters(StaffPageExceptionFilter)
@Controller('staff/updates')
export class StaffUpdatesController {
  constructor(
    private readonly staff: StaffRenderService,
    private readonly updates: UpdatesService,
    private readonly sender: UpdateSender,
    private readonly funds: FundsService,
  ) {}

  @Get()
  async list(@Req() request: StaffRequest, @Res() reply: FastifyReply) {
    const period = defaultPeriod();
    await this.showList(request, reply, { audience: 'all', periodFrom: period.from, periodTo: period.to }, [], 200);
  }

  @StaffPage('board')
  @Post()
  async create(@Req() request: StaffRequest, @Res() reply: FastifyReply) {
    const values = valuesFrom(request.body);
    const locale = this.staff.locale(request, reply);
    const checked = await this.check(CreateUpdateDto, values, locale);
    let errors = checked.errors;
    if (checked.dto) {
      try {
        const created = await this.updates.create(checked.dto, request.staffSession.actor);
        return this.staff.redirect(reply, `/staff/updates/${created.id}`, 'updateDrafted');
      } catch (error) {
        errors = this.serviceErrors(error, locale);
      }
    }
    await this.showList(request, reply, values, errors, 400);
  }

  @Get(':id')
  async update(@Param('id', UuidOr404) id: string, @Query('preview') preview: string | undefined, @Req() request: StaffRequest, @Res() reply: FastifyReply) {
    await this.show(request, reply, id, { preview: LOCALES.find((l) => l === preview) }, 200);
  }

  @StaffPage('board')
  @Post(':id')
  async edit(@Param('id', UuidOr404) id: string, @Req() request: StaffRequest, @Res() reply: FastifyReply) {
    const values = valuesFrom(request.body);
    const locale = this.staff.locale(request, reply);
    const checked = await this.check(EditUpdateDto, values, locale);
    let errors = checked.errors;
    if (checked.dto) {
      try {
        await this.updates.edit(id, checked.dto, request.staffSession.actor);
        return this.staff.redirect(reply, `/staff/updates/${id}`, 'updateSaved');
      } catch (error) {
        errors = this.serviceErrors(error, locale);
      }
    }
    await this.show(request, reply, id, { values, errors }, 400);
  }

  /**
   * The HTML part exactly as the preview API renders it, served alone under its own policy: no
   * script, no form, no frame, sandboxed (an opaque origin), inline styles only (the email's).
   */
  @StaffPage('board')
  @Get(':id/preview')
  async previewHtml(@Param('id', UuidOr404) id: string, @Query('lang') lang: string | undefined, @Res() reply: FastifyReply) {
    const locale: Locale = LOCALES.find((l) => l === lang) ?? 'en';
    const rendered = await this.updates.preview(id, Object.assign(new PreviewQuery(), { locale }));
    void reply
      .status(200)
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', PREVIEW_CSP)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .header('cache-control', 'no-store')
      .send(rendered.html);
  }

  @StaffPage('board')
  @Post(':id/send')
  async send(@Param('id', UuidOr404) id: string, @Req() request: StaffRequest, @Res() reply: FastifyReply) {
    const locale = this.staff.locale(request, reply);
    const t = (key: string, vars?: Record<string, unknown>) => catalogs().t(locale, `staff-admin:updates.${key}`, vars);
    const sentBefore = (queued: number) => this.show(request, reply, id, { errors: [{ field: 'confirm', href: '#h-sent', message: t('errors.alreadySent', { queued }) }] }, 409);
    // Read only to answer a stale form with the 409 rather than "tick the box"; the refusal that counts is the sender's, under its lock.
    const current = await this.updates.get(id);
    if (current.sentAt) return sentBefore(current.queued ?? 0);
    if ((request.body as Record<string, unknown> | undefined)?.confirm !== 'yes') {
      return this.show(request, reply, id, { errors: [{ field: 'confirm', href: '#f-confirm', message: t('errors.confirm') }] }, 400);
    }
    let outcome: { queued: number };
    try {
      outcome = await this.sender.send(id, request.staffSession.actor, { once: true });
    } catch (error) {
      // A double click or a second board member: the other send won; show what it queued.
      if (error instanceof AppException && error.code === 'update_sent_before') return sentBefore((error.details?.[0] as { queued?: number } | undefined)?.queued ?? 0);
      throw error;
    }
    this.staff.redirect(reply, `/staff/updates/${id}`, outcome.queued > 0 ? 'updateSent' : 'updateSentToNobody');
  }

  /**
   * The API's DTO over the form; each problem on the field the person typed into (a nested
   * German variant or period is checked on its own to tell its two fields apart).
   */
  private async check<T extends CreateUpdateDto | EditUpdateDto>(dto: new () => T, values: DraftValues, locale: Locale): Promise<{ dto?: T; errors: FormError[] }> {
    const whole = await validateForm(dto, toDto(values), locale);
    if (whole.ok) return { dto: whole.dto, errors: [] };
    const fields = new Set<DraftField>();
    for (const e of whole.errors) {
      if (e.field === 'period') {
        const period = await validateForm(PeriodDto, { from: values.periodFrom ?? '', to: values.periodTo ?? '' }, locale);
        if (!period.ok) period.errors.forEach((p) => fields.add(p.field === 'from' ? 'periodFrom' : 'periodTo'));
      } else if (e.field === 'translations') {
        const de = await validateForm(UpdateVariantDto, { subject: values.deSubject ?? '', body: values.deBody ?? '' }, locale);
        if (!de.ok) de.errors.forEach((p) => fields.add(p.field === 'subject' ? 'deSubject' : 'deBody'));
      } else if (e.field in ANCHORS) fields.add(e.field as DraftField);
    }
    if (fields.size === 0) fields.add('subject');
    return { errors: this.errorsFor([...fields], locale) };
  }

  private errorsFor(fields: DraftField[], locale: Locale, message?: (field: DraftField) => string): FormError[] {
    const order = Object.keys(ANCHORS) as DraftField[];
    return [...new Set(fields)]
      .sort((a, b) => order.indexOf(a) - order.indexOf(b))
      .map((field) => ({ field, href: `#${ANCHORS[field]}`, message: message?.(field) ?? catalogs().t(locale, `staff-admin:updates.errors.${field}`) }));
  }

  /** The service's own refusals of a well-formed draft (an unknown fund, a period ending before it starts). */
  private serviceErrors(error: unknown, locale: Locale): FormError[] {
    if (!(error instanceof AppException) || error.kind !== 'invalid') throw error;
    const fields = ((error.details ?? []) as FieldProblem[]).map((d): DraftField => (d.field === 'audience' ? 'audience' : 'periodFrom'));
    const key = error.code === 'update_unknown_fund' ? 'unknownFund' : error.code === 'update_bad_period' ? 'badPeriod' : 'generic';
    return this.errorsFor(fields.length ? fields : ['subject'], locale, () => catalogs().t(locale, `staff-admin:updates.errors.${key}`));
  }

  /** "All sponsors", "Sponsors who gave to Signals work" rather than `fund:signals`. */
  private audienceLabels(locale: Locale, funds: readonly Fund[]): (audience: string) => string {
    const options = this.audiences(funds, undefined);
    return (audience) => {
      const o = options.find((x) => x.value === audience);
      return o ? catalogs().t(locale, o.key, { name: 'name' in o ? o.name : undefined }) : audience;
    };
  }

  /** The audiences a draft can go to, from the funds read once for the page (labels and form alike). */
  private audiences(funds: readonly Fund[], chosen: string | undefined) {
    return [
      { value: 'all', key: 'staff-admin:updates.audienceAll' },
      { value: 'recurring', key: 'staff-admin:updates.audienceRecurring' },
      ...funds.map((f) => ({ value: `fund:${f.code}`, name: f.name, key: 'staff-admin:updates.audienceFund' })),
    ].map((o) => ({ ...o, selected: o.value === chosen }));
  }

  private async showList(request: StaffRequest, reply: FastifyReply, values: DraftValues, errors: FormError[], status: number) {
    // The list and the funds (for the audience labels and the draft form) side by side, the funds once.
    const [page, funds] = await Promise.all([this.updates.list(pageQuery(request.query, PAGE_SIZE, new UpdatesQuery())), this.funds.list()]);
    const canWrite = request.staffSession.actor.roles.includes('board');
    const label = this.audienceLabels(this.staff.locale(request, reply), funds);
    await this.staff.render(
      request,
      reply,
      'staff/updates',
      {
        updates: page.items.map((u) => ({ ...u, audienceLabel: label(u.audience) })),
        pager: pager(page, '/staff/updates'),
        canWrite,
        draft: canWrite ? { action: '/staff/updates', values, errorFor: byField(errors), audiences: this.audiences(funds, values.audience) } : null,
      },
      { title: 'staff-admin:updates.title', nav: 'updates', errors, status },
    );
  }

  private async show(request: StaffRequest, reply: FastifyReply, id: string, state: { values?: DraftValues; errors?: FormError[]; preview?: Locale }, status: number) {
    const update = await this.updates.get(id);
    const canWrite = request.staffSession.actor.roles.includes('board');
    const draft = !update.sentAt;
    const preview = canWrite ? (state.preview ?? 'en') : undefined;
    const [rendered, recipients, funds] = await Promise.all([
      preview ? this.updates.preview(id, Object.assign(new PreviewQuery(), { locale: preview })) : null,
      canWrite && draft ? this.sender.recipientCount(id) : null,
      this.funds.list(),
    ]);
    const values = state.values ?? valuesOf(update);
    const errors = state.errors ?? [];
    await this.staff.render(
      request,
      reply,
      'staff/update',
      {
        update,
        audienceLabel: this.audienceLabels(this.staff.locale(request, reply), funds)(update.audience),
        draft,
        canWrite,
        edit: canWrite && draft ? { action: `/staff/updates/${id}`, values, errorFor: byField(errors), audiences: this.audiences(funds, values.audience) } : null,
        preview: rendered && {
          locale: preview,
          subject: rendered.subject,
          text: rendered.text,
          htmlHref: `/staff/updates/${id}/preview?lang=${preview}`,
          others: LOCALES.filter((l) => l !== preview).map((l) => ({ locale: l, href: `/staff/updates/${id}?preview=${l}#h-preview` })),
        },
        recipients,
        confirmError: errors.find((e) => e.field === 'confirm')?.message,
      },
      { title: 'staff-admin:update.title', titleVars: { subject: update.subject }, nav: 'updates', errors, status },
    );
  }
}

/** The sandboxed HTML preview: the email's inline styles and https images, nothing else. */
export const PREVIEW_CSP = [
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  'img-src https: data:',
  "form-action 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  'sandbox',
].join('; ');

function byField(errors: FormError[]): Record<string, string> {
  return Object.fromEntries(errors.map((e) => [e.field, e.message]));
}
