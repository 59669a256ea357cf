import { minorUnitExponent } from '../common/money/currency.js';
import { catalogs } from '../i18n/catalogs.js';
import type { Locale } from '../i18n/locale.js';
import { number, parseTypedAmount } from './page-format.js';
import { errorsByField, one, type FormError } from './page-form.js';

export const DONATION_CURRENCIES = ['EUR', 'USD', 'GBP', 'CHF'] as const;
/**
 * Suggested amounts in major units of the chosen currency, labelled as plain numbers: without
 * JavaScript the currency may change after the amount is picked, so no label names one.
 */
const SUGGESTED_MAJOR = [5, 10, 25, 50, 100];
export const DONATE_FIELDS = ['currency', 'amount', 'interval', 'fund', 'email', 'name'] as const;
export const DONATE_ANCHORS = { amount: 'f-amount-0', interval: 'f-interval-0', currency: 'f-currency' };

export interface DonateValues {
  amount?: string;
  otherAmount?: string;
  interval: string;
  fund?: string;
  currency: string;
  email?: string;
  name?: string;
}

export function donateValues(body: Record<string, unknown>, defaults: { currency: string }): DonateValues {
  return {
    amount: one(body.amount),
    otherAmount: one(body.otherAmount)?.trim() || undefined,
    interval: one(body.interval) ?? 'once',
    fund: one(body.fund),
    currency: one(body.currency) ?? defaults.currency,
    email: one(body.email)?.trim() || undefined,
    name: one(body.name)?.trim() || undefined,
  };
}

/**
 * The form in the API's shape (`CheckoutDto`): a typed other amount wins over a suggested one;
 * both become minor units of the chosen currency. Returns the amount problem, if any, apart.
 */
export function donateDtoInput(v: DonateValues, locale: Locale): { input: Record<string, unknown>; amountError?: FormError } {
  const exponent = safeExponent(v.currency);
  let amount: number | undefined;
  let problem: string | undefined;
  if (v.otherAmount) {
    amount = exponent === undefined ? undefined : parseTypedAmount(v.otherAmount, exponent);
    if (amount === undefined) problem = 'donate.amountInvalid';
  } else if (v.amount && /^\d{1,12}$/.test(v.amount)) {
    amount = Number(v.amount);
  } else {
    problem = 'donate.amountRequired';
  }
  const input: Record<string, unknown> = {
    amount: amount ?? 0,
    currency: v.currency,
    interval: v.interval,
    ...(v.fund ? { fund: v.fund } : {}),
    ...(v.email ? { email: v.email } : {}),
    ...(v.name ? { name: v.name } : {}),
  };
  const anchor = v.otherAmount ? 'f-otherAmount' : DONATE_ANCHORS.amount;
  return { input, amountError: problem ? { field: 'amount', href: `#${anchor}`, message: catalogs().t(locale, `pages:${problem}`) } : undefined };
}

function safeExponent(currency: string): number | undefined {
  try {
    return minorUnitExponent(currency);
  } catch {
    return undefined;
  }
}

export function donateFormModel(funds: { code: string; name: string }[], v: DonateValues, errors: FormError[], locale: Locale) {
  const exponent = safeExponent(v.currency) ?? 2;
  const t = catalogs();
  return {
    values: v,
    errorFor: errorsByField(errors),
    suggested: SUGGESTED_MAJOR.map((major, i) => {
      const minor = String(major * 10 ** exponent);
      return { id: `f-amount-${i}`, value: minor, label: number(major, locale), checked: v.amount === minor && !v.otherAmount };
    }),
    intervals: ['once', 'month'].map((value, i) => ({ id: `f-interval-${i}`, value, label: t.t(locale, `pages:donate.${value}`), checked: v.interval === value })),
    funds: funds.map((f) => ({ value: f.code, label: f.name, selected: f.code === (v.fund ?? 'general') })),
    currencies: DONATION_CURRENCIES.map((code) => ({ value: code, label: code, selected: code === v.currency })),
  };
}
