import { isCurrencyCode, minorUnitExponent } from '../../common/money/currency.js';
import { manualAmountLimit } from '../../common/money/amount-limit.js';
import { MoneyError, parseMoney } from '../../common/money/money.js';
import { RowError } from './row.js';

export type DecimalSeparator = '.' | ',';

export const DATE_FORMATS = ['YYYY-MM-DD', 'DD.MM.YYYY', 'DD.MM.YY', 'DD/MM/YYYY', 'MM/DD/YYYY', 'YYYYMMDD', 'DD-MM-YYYY'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

const DATE_PATTERNS: Record<DateFormat, { re: RegExp; order: ['y' | 'm' | 'd', 'y' | 'm' | 'd', 'y' | 'm' | 'd'] }> = {
  'YYYY-MM-DD': { re: /^(\d{4})-(\d{2})-(\d{2})$/, order: ['y', 'm', 'd'] },
  'DD.MM.YYYY': { re: /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/, order: ['d', 'm', 'y'] },
  'DD.MM.YY': { re: /^(\d{1,2})\.(\d{1,2})\.(\d{2})$/, order: ['d', 'm', 'y'] },
  'DD/MM/YYYY': { re: /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/, order: ['d', 'm', 'y'] },
  'MM/DD/YYYY': { re: /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/, order: ['m', 'd', 'y'] },
  YYYYMMDD: { re: /^(\d{4})(\d{2})(\d{2})$/, order: ['y', 'm', 'd'] },
  'DD-MM-YYYY': { re: /^(\d{1,2})-(\d{1,2})-(\d{4})$/, order: ['d', 'm', 'y'] },
};

/** A calendar date `YYYY-MM-DD`, or a RowError naming what is wrong with it. */
export function parseDate(text: string | undefined, format: DateFormat, what = 'date'): string {
  const value = (text ?? '').trim();
  if (value === '') throw new RowError(`${what} is empty`);
  const pattern = DATE_PATTERNS[format];
  const match = pattern.re.exec(value);
  if (!match) throw new RowError(`${what} "${value}" is not in the format ${format}`);
  const parts = { y: 0, m: 0, d: 0 };
  pattern.order.forEach((key, i) => (parts[key] = Number(match[i + 1])));
  // Two-digit years in bank exports (Sparkasse "dd.mm.yy") are this century's.
  if (format === 'DD.MM.YY') parts.y += 2000;
  return isoDate(parts.y, parts.m, parts.d, value, what);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isRealDate(y: number, m: number, d: number): boolean {
  if (!(y >= 1900 && y <= 2999 && m >= 1 && m <= 12 && d >= 1) || !Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return false;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return d <= (m === 2 && leap ? 29 : DAYS_IN_MONTH[m - 1]);
}

/** Calendar arithmetic instead of a Date per row: a half-million-row file calls this for every row. */
export function isoDate(y: number, m: number, d: number, shown: string, what = 'date'): string {
  if (!isRealDate(y, m, d)) throw new RowError(`${what} "${shown}" is not a real calendar date`);
  return `${y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** The date part of an ISO-like timestamp ("2026-10-01 07:46:37.731953", "2026-10-01T07:46:37Z"). */
export function parseTimestampDate(text: string | undefined, what = 'date'): string {
  const value = (text ?? '').trim();
  if (!TIMESTAMP.test(value)) throw new RowError(value === '' ? `${what} is empty` : `${what} "${value}" is not a date like 2026-10-01`);
  // The pattern fixes the first ten characters as YYYY-MM-DD: they are the answer once they are a real date.
  const y = Number(value.slice(0, 4));
  const m = Number(value.slice(5, 7));
  const d = Number(value.slice(8, 10));
  if (!isRealDate(y, m, d)) throw new RowError(`${what} "${value}" is not a real calendar date`);
  return value.length === 10 ? value : value.slice(0, 10);
}

/**
 * Codes already accepted in this process. isCurrencyCode searches the ISO table linearly (a
 * fifth of the import's CPU when asked for every row of a large file); a valid code stays valid.
 */
const knownCurrencies = new Set<string>();

export function parseCurrency(text: string | undefined, what = 'currency'): string {
  if (text !== undefined && knownCurrencies.has(text)) return text;
  const value = (text ?? '').trim().toUpperCase();
  if (knownCurrencies.has(value)) return value;
  if (!isCurrencyCode(value)) throw new RowError(value === '' ? `${what} is empty` : `${what} "${text}" is not an ISO 4217 code`);
  knownCurrencies.add(value);
  return value;
}

const GROUPED = { '.': /^\d{1,3}(,\d{3})+(\.\d*)?$/, ',': /^\d{1,3}(\.\d{3})+(,\d*)?$/ } as const;
const PLAIN = { '.': /^\d+(\.\d*)?$/, ',': /^\d+(,\d*)?$/ } as const;

/**
 * A signed decimal amount in minor units, honouring the file's decimal separator. Grouping
 * separators are accepted only in groups of three, so "1.234,50" with ',' is 1234.50 but
 * "12.50" with ',' is refused rather than read as 1250.
 */
export function parseAmount(text: string | undefined, currency: string, separator: DecimalSeparator, what = 'amount'): bigint {
  const shown = (text ?? '').trim();
  if (shown === '') throw new RowError(`${what} is empty`);
  // The common case: plain digits with at most the currency's decimals ("12.50"), read without the general path's regular expressions and copies.
  if (knownCurrencies.has(currency)) {
    const minor = plainMinorUnits(shown, separator, minorUnitExponent(currency));
    if (minor >= 0 && minor <= manualAmountLimit() && minor <= Number.MAX_SAFE_INTEGER) return BigInt(minor);
  }
  // Currency symbols, spaces (also non-breaking) and a sign written last ("12,50-") occur in exports.
  let body = shown.replace(/[\s\u00a0\u202f$€£¥]/g, '');
  let negative = false;
  if (/^\(.*\)$/.test(body)) [negative, body] = [true, body.slice(1, -1)];
  if (body.startsWith('-') || body.startsWith('+')) [negative, body] = [negative || body[0] === '-', body.slice(1)];
  else if (body.endsWith('-') || body.endsWith('+')) [negative, body] = [body.endsWith('-'), body.slice(0, -1)];
  if (!PLAIN[separator].test(body) && !GROUPED[separator].test(body)) {
    throw new RowError(`${what} "${shown}" is not a decimal amount with "${separator}" as decimal separator`);
  }
  const group = separator === '.' ? ',' : '.';
  const normalised = body.split(group).join('').replace(separator, '.');
  let minor: bigint;
  try {
    minor = parseMoney(normalised, currency);
  } catch (error) {
    if (error instanceof MoneyError) throw new RowError(`${what} "${shown}": ${error.message.replace(/^"[^"]*" /, '')}`);
    throw error;
  }
  // A bad row, reported by its line, rather than a bigint overflow that refuses the whole file.
  if (minor > BigInt(manualAmountLimit())) throw new RowError(`${what} "${shown}" is larger than ${manualAmountLimit()} minor units (MAX_MANUAL_AMOUNT_MINOR)`);
  return negative ? -minor : minor;
}

/**
 * Minor units of "123" or "123.45" (separator as given, at most `exponent` decimals, short
 * enough to be exact as a double), or -1 when the text is anything else: the caller then takes
 * the general path, which gives the same value or the error message.
 */
function plainMinorUnits(text: string, separator: DecimalSeparator, exponent: number): number {
  const n = text.length;
  if (n > 15) return -1;
  const sep = separator.charCodeAt(0);
  let value = 0;
  let i = 0;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === sep) break;
    if (c < 48 || c > 57) return -1;
    value = value * 10 + (c - 48);
  }
  if (i === 0) return -1;
  let decimals = 0;
  if (i < n) {
    for (i++; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c < 48 || c > 57) return -1;
      value = value * 10 + (c - 48);
      decimals++;
    }
    if (decimals > exponent) return -1;
  }
  for (; decimals < exponent; decimals++) value *= 10;
  return value;
}

export function absolute(value: bigint): bigint {
  return value < 0n ? -value : value;
}
