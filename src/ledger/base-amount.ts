import { minorUnitExponent } from '../common/money/currency.js';

/**
 * Converts an exact decimal sum of (minor units × rate) in `currency` into minor units of
 * `base`, rounding half away from zero. BigInt only: no float ever touches the amount.
 */
export function toBaseMinor(decimal: string, currency: string, base: string): bigint {
  const match = /^(-)?(\d+)(?:\.(\d+))?$/.exec(decimal.trim());
  if (!match) throw new RangeError(`"${decimal}" is not a decimal`);
  const [, sign, whole, fraction = ''] = match;
  const shift = minorUnitExponent(base) - minorUnitExponent(currency);
  // value = digits / 10^scale
  let digits = BigInt(whole + fraction);
  let scale = fraction.length - shift;
  if (scale < 0) {
    digits *= 10n ** BigInt(-scale);
    scale = 0;
  }
  const divisor = 10n ** BigInt(scale);
  let result = digits / divisor;
  if ((digits % divisor) * 2n >= divisor) result += 1n;
  return sign ? -result : result;
}
