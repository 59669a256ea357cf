import { AppException, type FieldProblem } from '../common/errors/app.exception.js';
import { minorUnitExponent } from '../common/money/currency.js';
import { CreateDonationDto, DonationsQuery, MANUAL_CHANNELS } from '../donations/donations.dto.js';
import { catalogs } from '../i18n/catalogs.js';
import type { Locale } from '../i18n/locale.js';
import { DONATION_CURRENCIES } from '../pages/donate-form.js';
import { parseTypedAmount } from '../pages/page-format.js';
import { inFieldOrder, one, toFormErrors, validateForm, type FormError, type FormResult } from '../pages/page-form.js';
import { SponsorRefDto } from '../sponsors/sponsors.dto.js';

/** The fields of the "record a donation" form, in page order (the error summary follows it). */
export const DONATION_FORM_FIELDS = ['channel', 'amount', 'currency', 'receivedAt', 'fund', 'sponsorName', 'sponsorEmail', 'reference', 'note'] as const;

export interface DonationFormValues {
  channel?: string;
  amount?: string;
  currency: string;
  receivedAt?: string;
  fund?: string;
  sponsorName?: string;
  sponsorEmail?: string;
  reference?: string;
  note?: string;
  /** The form's one-time key (the idempotency guard against a double submit). */
  formKey?: string;
}

const text = (value: unknown) => one(value)?.trim() || undefined;

export function donationFormValues(body: Record<string, unknown>): DonationFormValues {
  return {
    channel: one(body.channel),
    amount: text(body.amount),
    currency: one(body.currency) ?? 'EUR',
    receivedAt: text(body.receivedAt),
    fund: one(body.fund),
    sponsorName: text(body.sponsorName),
    sponsorEmail: text(body.sponsorEmail),
    reference: text(body.reference),
    note: text(body.note),
    formKey: one(body.formKey),
  };
}

/** A problem in the page's own words (`staff-money:new.errors.<field>`), linked to its input. */
function problem(locale: Locale, field: string): FormError {
  const anchor = field === 'channel' ? `f-channel-${MANUAL_CHANNELS[0]}` : `f-${field}`;
  return { field, href: `#${anchor}`, message: catalogs().t(locale, `staff-money:new.errors.${field}`) };
}

function exponentOf(currency: string): number | undefined {
  try {
    return minorUnitExponent(currency);
  } catch {
    return undefined;
  }
}

/**
 * The form in the API's shape (`CreateDonationDto`, as `POST /api/v1/donations` takes it) and
 * validated by that DTO. The amount is typed in the visitor's locale ("15,50" or "15.50") and
 * becomes minor units of the chosen currency; the sponsor is optional, as in the API, but a
 * sponsor needs both a name and an email address (`SponsorRefDto`).
 */
export async function validateDonationForm(v: DonationFormValues, locale: Locale): Promise<FormResult<CreateDonationDto>> {
  const errors: FormError[] = [];
  const exponent = exponentOf(v.currency);
  let amount: number | undefined;
  if (!v.amount) errors.push(problem(locale, 'amount'));
  else if (exponent !== undefined) {
    amount = parseTypedAmount(v.amount, exponent);
    if (amount === undefined) errors.push({ ...problem(locale, 'amount'), message: catalogs().t(locale, 'staff-money:new.errors.amountFormat') });
  }
  const sponsor = v.sponsorName || v.sponsorEmail ? { name: v.sponsorName ?? '', email: v.sponsorEmail ?? '' } : undefined;
  const input: Record<string, unknown> = {
    channel: v.channel,
    // A missing or unreadable amount is reported above; the DTO still checks a readable one (zero, too large).
    amount: amount ?? 1,
    currency: v.currency,
    receivedAt: v.receivedAt,
    ...(v.fund ? { fund: v.fund } : {}),
    ...(sponsor ? { sponsor } : {}),
    ...(v.reference ? { reference: v.reference } : {}),
    ...(v.note ? { note: v.note } : {}),
  };
  const result = await validateForm(CreateDonationDto, input, locale);
  if (!result.ok) {
    for (const e of result.errors) {
      if (e.field !== 'sponsor') {
        errors.push(e.field === 'amount' ? { ...problem(locale, 'amount'), message: catalogs().t(locale, 'staff-money:new.errors.amountRange') } : problem(locale, e.field));
        continue;
      }
      // Which of the sponsor's two fields is wrong: the sponsor's own DTO says.
      const nested = await validateForm(SponsorRefDto, sponsor ?? {}, locale);
      if (nested.ok) errors.push(problem(locale, 'sponsorName'));
      else for (const n of nested.errors) errors.push(problem(locale, n.field === 'email' ? 'sponsorEmail' : 'sponsorName'));
    }
  }
  if (errors.length) return { ok: false, errors: inFieldOrder(dedupe(errors), DONATION_FORM_FIELDS) };
  return result;
}

function dedupe(errors: FormError[]): FormError[] {
  const seen = new Set<string>();
  return errors.filter((e) => !seen.has(e.field) && seen.add(e.field));
}

/** A service's refusal with field details (a future date, an unknown fund) as the form's problems; anything else is rethrown. */
export function donationServiceErrors(error: unknown, locale: Locale): FormError[] {
  if (!(error instanceof AppException) || error.kind !== 'invalid') throw error;
  const details = (error.details ?? []) as FieldProblem[];
  const known = new Set<string>(DONATION_FORM_FIELDS);
  const fields = details.map((d) => (d.field === 'sponsor' || d.field === 'sponsorId' ? 'sponsorEmail' : d.field.split('.')[0])).filter((f) => known.has(f));
  if (fields.length === 0) return [{ ...problem(locale, 'channel'), message: error.message }];
  return toFormErrors(
    fields.map((field) => ({ field, message: problem(locale, field === 'receivedAt' ? 'receivedAtFuture' : field).message })),
    { channel: `f-channel-${MANUAL_CHANNELS[0]}` },
  );
}

/** The select and radio options of the form, with labels in the visitor's language. */
export function donationFormModel(
  funds: readonly { code: string; name: string; active: boolean }[],
  v: DonationFormValues,
  errors: FormError[],
  locale: Locale,
  fundLabel: (code: string, name: string) => string,
) {
  const t = catalogs();
  return {
    values: v,
    errorFor: Object.fromEntries(errors.map((e) => [e.field, e.message])),
    channels: MANUAL_CHANNELS.map((code) => ({ id: `f-channel-${code}`, value: code, label: t.t(locale, `channels:${code}`), checked: v.channel === code })),
    currencies: DONATION_CURRENCIES.map((code) => ({ value: code, label: code, selected: code === v.currency })),
    funds: funds.filter((f) => f.active).map((f) => ({ value: f.code, label: fundLabel(f.code, f.name), selected: f.code === (v.fund ?? 'general') })),
  };
}

/** The list's filters as the API's query (`DonationsQuery`), only those given. */
export interface DonationFilters {
  channel?: string;
  status?: string;
  fund?: string;
  from?: string;
  to?: string;
  reconciled?: string;
  sponsorId?: string;
}

export const FILTER_FIELDS = ['channel', 'status', 'fund', 'from', 'to', 'reconciled', 'sponsorId'] as const;

export function donationFilters(query: Record<string, unknown>): DonationFilters {
  const filters: DonationFilters = {};
  for (const f of FILTER_FIELDS) {
    const value = one(query[f])?.trim();
    if (value) filters[f] = value;
  }
  return filters;
}

export async function validateFilters(filters: DonationFilters, locale: Locale): Promise<FormResult<DonationsQuery>> {
  const result = await validateForm(DonationsQuery, { ...filters }, locale);
  if (result.ok) return result;
  const t = catalogs();
  return { ok: false, errors: result.errors.map((e) => ({ ...e, message: t.t(locale, `staff-money:list.errors.${FILTER_FIELDS.find((f) => f === e.field) ?? 'generic'}`) })) };
}
