import { isCurrencyCode, minorUnitExponent } from './currency.js';

/** An amount in the currency's minor unit (cents, yen, fils) with its currency, never a float. */
export interface Money {
  amount: number;
  currency: string;
}

export class MoneyError extends RangeError {}

/**
 * Parses a decimal string such as "-1,234.50" or "12.345" into minor units.
 * Refuses more fraction digits than the currency has rather than rounding money away.
 */
export function parseMoney(input: string, currency: string): bigint {
  if (!isCurrencyCode(currency)) throw new MoneyError(`Unknown currency "${currency}"`);
  const exponent = minorUnitExponent(currency);
  const text = input.trim().replace(/[\s,_']/g, '');
  const match = /^([+-])?(\d+)(?:\.(\d*))?$/.exec(text);
  if (!match) throw new MoneyError(`"${input}" is not a decimal amount`);
  const [, sign, whole, fraction = ''] = match;
  if (fraction.length > exponent) {
    throw new MoneyError(`"${input}" has more than ${exponent} decimal places for ${currency}`);
  }
  const minor = BigInt(whole + fraction.padEnd(exponent, '0'));
  return sign === '-' ? -minor : minor;
}

/** Minor units to a plain decimal string ("1234.50"), exact for any size. */
export function toDecimalString(minor: bigint | number, currency: string): string {
  const exponent = minorUnitExponent(currency);
  const value = BigInt(minor);
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(exponent + 1, '0');
  const whole = exponent === 0 ? digits : digits.slice(0, -exponent);
  const fraction = exponent === 0 ? '' : `.${digits.slice(-exponent)}`;
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

/**
 * Formats for people ("€1,234.50", "1.234,50 €"). Uses the decimal string, not a Number, so
 * amounts beyond 2^53 still print exactly.
 */
export function formatMoney(minor: bigint | number, currency: string, locale = 'en'): string {
  const decimal = toDecimalString(minor, currency);
  const key = `${locale}|${currency}`;
  let format = formats.get(key);
  if (!format) {
    // ICU's digits are what people write (HUF 0), ours are ISO minor units (HUF 2): show up to
    // ours so no minor unit is rounded away, and no more trailing zeros than ICU would show.
    const exponent = minorUnitExponent(currency);
    const usual = new Intl.NumberFormat(locale, { style: 'currency', currency }).resolvedOptions().minimumFractionDigits ?? exponent;
    format = new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: Math.min(usual, exponent), maximumFractionDigits: exponent });
    formats.set(key, format);
  }
  // Intl accepts decimal strings exactly (Node 20+, "string as a number" proposal).
  return format.format(decimal as unknown as number);
}

/** Building a NumberFormat costs far more than using one; a few locales × currencies exist. */
const formats = new Map<string, Intl.NumberFormat>();

/** Converts a database bigint (a string from `pg`) to a number, refusing anything unsafe. */
export function toSafeNumber(value: string | number | bigint): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(n)) throw new MoneyError(`Amount ${String(value)} is not a safe integer`);
  return n;
}

/**
 * A sum for JSON (SPEC §3): a number while it is a safe integer, otherwise its exact decimal
 * string. Single amounts are bounded at input, but totals over years of donations must never
 * turn a report into a 500.
 */
export function jsonAmount(value: string | number | bigint): number | string {
  const exact = BigInt(value);
  const n = Number(exact);
  return Number.isSafeInteger(n) ? n : exact.toString();
}

export function sameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) throw new MoneyError(`Cannot mix ${a.currency} and ${b.currency}`);
}
