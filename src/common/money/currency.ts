import currencyCodes from 'currency-codes';

/**
 * Minor-unit exponents come from ISO 4217 (the `currency-codes` table, which follows the ISO
 * maintenance agency's list), not from ICU: ICU's CLDR data gives the digits people write
 * (HUF 0, IDR 0, COP 0, IQD 0, LAK 0), while amounts in bank files and Stripe are ISO minor units
 * (HUF 2, IDR 2, COP 2, IQD 3, LAK 2).
 *
 * Stripe's documented special cases (https://docs.stripe.com/currencies#special-cases) win over
 * ISO, so a Stripe amount can be stored as it arrives: ISK and UGX are zero-decimal in ISO, yet
 * Stripe's API takes and returns them as two-decimal values (5 ISK is `500`, the decimals
 * always 00). HUF and TWD are two-decimal in both (Stripe only pays them out in whole units).
 */
const STRIPE_EXPONENTS: Readonly<Record<string, number>> = { ISK: 2, UGX: 2 };

/** ISO 4217 codes whose minor unit is "N.A.": precious metals, bond-market units, SDR, testing, no currency. */
const NOT_MONEY = new Set(['XAG', 'XAU', 'XBA', 'XBB', 'XBC', 'XBD', 'XDR', 'XPD', 'XPT', 'XSU', 'XTS', 'XUA', 'XXX']);

/**
 * Codes newer than the table's last update (XCG, 2025) or withdrawn from it but still found in
 * older statements (HRK, SLL, ZWL) are taken from the runtime's list, with its digits.
 */
const RUNTIME = new Set(Intl.supportedValuesOf('currency'));

const exponents = new Map<string, number>();

export function isCurrencyCode(code: unknown): code is string {
  return typeof code === 'string' && /^[A-Z]{3}$/.test(code) && !NOT_MONEY.has(code) && (currencyCodes.code(code) !== undefined || RUNTIME.has(code));
}

export function minorUnitExponent(code: string): number {
  let exponent = exponents.get(code);
  if (exponent === undefined) {
    if (!isCurrencyCode(code)) throw new RangeError(`Unknown currency "${code}"`);
    exponent =
      STRIPE_EXPONENTS[code] ?? currencyCodes.code(code)?.digits ?? new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions().maximumFractionDigits ?? 2;
    exponents.set(code, exponent);
  }
  return exponent;
}
