/**
 * Currency facts come from the runtime's ICU data rather than a hand-typed table:
 * the list of ISO 4217 codes from `Intl.supportedValuesOf('currency')` and each code's
 * minor-unit exponent from `Intl.NumberFormat`. (`NumberFormat` alone would accept any three
 * letters, so validity is checked against the list.)
 */
const KNOWN = new Set(Intl.supportedValuesOf('currency'));
const exponents = new Map<string, number>();

export function isCurrencyCode(code: unknown): code is string {
  return typeof code === 'string' && /^[A-Z]{3}$/.test(code) && KNOWN.has(code);
}

export function minorUnitExponent(code: string): number {
  let exponent = exponents.get(code);
  if (exponent === undefined) {
    if (!isCurrencyCode(code)) throw new RangeError(`Unknown currency "${code}"`);
    exponent = new Intl.NumberFormat('en', { style: 'currency', currency: code })
      .resolvedOptions().maximumFractionDigits ?? 2;
    exponents.set(code, exponent);
  }
  return exponent;
}
