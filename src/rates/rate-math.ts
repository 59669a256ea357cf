import { minorUnitExponent } from '../common/money/currency.js';

/** A stored rate: 1 unit of `from` = `rate` units of `to`, a decimal string kept exactly. */
export interface StoredRate {
  from: string;
  to: string;
  rate: string;
  asOf: string;
}

const RATE = /^(\d{1,18})(?:\.(\d{1,12}))?$/;

/** A positive decimal with at most 18 integer and 12 fraction digits (what numeric(30,12) holds exactly). */
export function isRate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = RATE.exec(value);
  return !!match && /[1-9]/.test(match[1] + (match[2] ?? ''));
}

/** The rate as a fraction of integers: "0.92" → 92 / 100. */
function fraction(rate: string): { num: bigint; den: bigint } {
  const match = RATE.exec(rate.trim());
  if (!match) throw new RangeError(`"${rate}" is not a decimal rate`);
  const digits = match[2] ?? '';
  return { num: BigInt(match[1] + digits), den: 10n ** BigInt(digits.length) };
}

/** num / den rounded half away from zero. */
function divideRounded(num: bigint, den: bigint): bigint {
  const negative = num < 0n !== den < 0n;
  const n = num < 0n ? -num : num;
  const d = den < 0n ? -den : den;
  let q = n / d;
  if ((n % d) * 2n >= d) q += 1n;
  return negative ? -q : q;
}

/**
 * Converts minor units of `from` into minor units of `to` with a rate stored either way round
 * (`inverse`: the stored rate is to → from). Exact integer arithmetic, rounded once at the end.
 */
export function convertMinor(amount: bigint, from: string, to: string, rate: string, inverse = false): bigint {
  if (from === to) return amount;
  const { num, den } = fraction(rate);
  const shift = minorUnitExponent(to) - minorUnitExponent(from);
  let top = amount * (inverse ? den : num);
  let bottom = inverse ? num : den;
  if (shift >= 0) top *= 10n ** BigInt(shift);
  else bottom *= 10n ** BigInt(-shift);
  return divideRounded(top, bottom);
}

/** Converts with the latest of the given rates between the two currencies (either direction); null when none is known. */
export function convertWith(rates: ReadonlyMap<string, StoredRate>, amount: bigint, from: string, to: string): bigint | null {
  if (from === to) return amount;
  const direct = rates.get(`${from}>${to}`);
  const inverse = rates.get(`${to}>${from}`);
  const use = direct && (!inverse || direct.asOf >= inverse.asOf) ? direct : inverse;
  if (!use) return null;
  return convertMinor(amount, from, to, use.rate, use === inverse);
}
