import type { ClassConstructor } from 'class-transformer';
import { AppException } from '../common/errors/app.exception.js';
import { minorUnitExponent } from '../common/money/currency.js';
import { catalogs } from '../i18n/catalogs.js';
import type { Locale } from '../i18n/locale.js';
import { parseTypedAmount } from '../pages/page-format.js';
import { errorsByField, inFieldOrder, validateForm, type FieldAnchors, type FormError } from '../pages/page-form.js';
import { refusalMessage } from './refusal-message.js';

/** Text values of a urlencoded form, trimmed (what the page shows again after a mistake). */
export function textValues<K extends string>(body: unknown, fields: readonly K[]): Record<K, string> {
  const b = (body ?? {}) as Record<string, unknown>;
  return Object.fromEntries(
    fields.map((f) => {
      const value = b[f];
      return [f, typeof value === 'string' ? value.trim() : ''];
    }),
  ) as Record<K, string>;
}

/** Only the filled-in values: an empty optional field is left out, as an API client would. */
export function filled(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== ''));
}

/** A typed amount ("1.234,50", "1,234.50", "15") in minor units of the currency, or undefined. */
export function typedMinor(text: string, currency: string): number | undefined {
  let exponent: number;
  try {
    exponent = minorUnitExponent(currency);
  } catch {
    return undefined;
  }
  return text ? parseTypedAmount(text, exponent) : undefined;
}

const message = (locale: Locale, field: string, fallback: string) => {
  const key = `staff-spending:errors.${field}`;
  return catalogs().has('en', key) ? catalogs().t(locale, key) : fallback;
};

/**
 * The API's DTO over the form's values, with this page's words for each field's problem, plus
 * the amount's own problem (it was typed in the locale before the DTO saw minor units).
 */
export async function checkForm<T extends object>(
  dtoClass: ClassConstructor<T>,
  input: Record<string, unknown>,
  locale: Locale,
  order: readonly string[],
  anchors: FieldAnchors = {},
  amountTyped?: { text: string; parsed: number | undefined },
): Promise<{ ok: true; dto: T } | { ok: false; errors: FormError[] }> {
  const result = await validateForm(dtoClass, input, locale, anchors);
  let errors = result.ok ? [] : result.errors.map((e) => ({ ...e, message: message(locale, e.field, e.message) }));
  if (amountTyped && amountTyped.parsed === undefined) {
    const key = amountTyped.text ? 'staff-spending:errors.amountFormat' : 'staff-spending:errors.amount';
    errors = [{ field: 'amount', href: `#${anchors.amount ?? 'f-amount'}`, message: catalogs().t(locale, key) }, ...errors.filter((e) => e.field !== 'amount')];
  }
  if (errors.length === 0 && result.ok) return { ok: true, dto: result.dto };
  return { ok: false, errors: inFieldOrder(errors, order) };
}

/**
 * A service's refusal (bad input, or a conflict such as a restricted fund's shortfall or a
 * closed month) as the form's error in the page's language, next to the field it names (else
 * `fallbackField`): bad input on a field this page words (`staff-spending:errors.<field>`) in
 * those words, anything else by its code (`refusalMessage`); 400 for bad input, 409 for a
 * conflict. Anything else is rethrown.
 */
export function refusal(error: unknown, locale: Locale, fallbackField: string, anchors: FieldAnchors = {}): { errors: FormError[]; status: number } {
  if (!(error instanceof AppException) || (error.kind !== 'invalid' && error.kind !== 'conflict')) throw error;
  const detail = (error.details ?? [])[0] as { field?: string } | undefined;
  const field = (typeof detail?.field === 'string' ? detail.field : fallbackField).split('.')[0];
  const fieldKey = `staff-spending:errors.${field}`;
  const text =
    error.kind === 'invalid' && detail?.field && catalogs().has('en', fieldKey) ? catalogs().t(locale, fieldKey) : refusalMessage(locale, error, ['staff-spending:refused']);
  return { errors: [{ field, href: `#${anchors[field] ?? `f-${field}`}`, message: text }], status: error.kind === 'invalid' ? 400 : 409 };
}

export { errorsByField };
