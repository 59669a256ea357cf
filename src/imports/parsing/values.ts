import { isCurrencyCode } from '../../common/money/currency.js';
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

export function isoDate(y: number, m: number, d: number, shown: string, what = 'date'): string {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || y > 2999 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    throw new RowError(`${what} "${shown}" is not a real calendar date`);
  }
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The date part of an ISO-like timestamp ("2026-10-01 07:46:37.731953", "2026-10-01T07:46:37Z"). */
export function parseTimestampDate(text: string | undefined, what = 'date'): string {
  const value = (text ?? '').trim();
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(value);
  if (!match) throw new RowError(value === '' ? `${what} is empty` : `${what} "${value}" is not a date like 2026-10-01`);
  return isoDate(Number(match[1]), Number(match[2]), Number(match[3]), value, what);
}

export function parseCurrency(text: string | undefined, what = 'currency'): string {
  const value = (text ?? '').trim().toUpperCase();
  if (!isCurrencyCode(value)) throw new RowError(value === '' ? `${what} is empty` : `${what} "${text}" is not an ISO 4217 code`);
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

export function absolute(value: bigint): bigint {
  return value < 0n ? -value : value;
}
