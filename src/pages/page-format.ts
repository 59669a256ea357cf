import { formatMoney } from '../common/money/money.js';
import type { Locale } from '../i18n/locale.js';

/**
 * Numbers, money and dates for people, in the page's locale. Money goes through the project's
 * `formatMoney` (exact for any minor-unit amount); calendar dates (`YYYY-MM-DD`) are read as
 * dates, not instants, so no time zone moves them a day.
 */
const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

function cached<T extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, make: () => T): T {
  let format = cache.get(key) as T | undefined;
  if (!format) {
    format = make();
    cache.set(key, format);
  }
  return format;
}

export function money(amount: number | string | bigint, currency: string, locale: Locale): string {
  return formatMoney(BigInt(amount), currency, locale);
}

export function number(value: number, locale: Locale): string {
  return cached(`n|${locale}`, () => new Intl.NumberFormat(locale)).format(value);
}

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function date(value: Date | string, locale: Locale): string {
  const calendar = typeof value === 'string' && CALENDAR_DATE.test(value);
  const instant = calendar ? new Date(`${value}T00:00:00Z`) : new Date(value);
  return cached(`d|${locale}|${calendar}`, () => new Intl.DateTimeFormat(locale, { dateStyle: 'long', ...(calendar ? { timeZone: 'UTC' } : {}) })).format(instant);
}

/** `2026-03` → "March 2026" / "März 2026". */
export function month(value: string, locale: Locale): string {
  return cached(`m|${locale}`, () => new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', timeZone: 'UTC' })).format(new Date(`${value}-01T00:00:00Z`));
}

/**
 * A typed decimal amount to minor units of the currency, or undefined when it is not one:
 * "15", "15.50", "1,250.50", German "15,50" and "1.250,50". Grouping is only read when it is
 * unambiguous ("1.250" alone is refused for a two-decimal currency rather than guessed).
 */
export function parseTypedAmount(input: string, exponent: number): number | undefined {
  let text = input.trim().replace(/[\s'\u00a0\u202f]/g, '');
  if (/^\d{1,3}(\.\d{3})*,\d+$/.test(text) || /^\d{1,3}(\.\d{3}){2,}$/.test(text)) text = text.replace(/\./g, '').replace(',', '.');
  else if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(text)) text = text.replace(/,/g, '');
  else text = text.replace(',', '.');
  const match = /^(\d{1,12})(?:\.(\d+))?$/.exec(text);
  if (!match || (match[2] ?? '').length > exponent) return undefined;
  return Number(match[1] + (match[2] ?? '').padEnd(exponent, '0'));
}
