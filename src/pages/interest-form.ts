import { minorUnitExponent } from '../common/money/currency.js';
import { catalogs } from '../i18n/catalogs.js';
import type { Locale } from '../i18n/locale.js';
import { parseTypedAmount } from './page-format.js';
import { errorsByField, lines, many, one, type FieldAnchors, type FormError } from './page-form.js';

export const BUDGET_CURRENCIES = ['EUR', 'USD', 'GBP', 'CHF'] as const;
export const INTEREST_FIELDS = ['name', 'email', 'areas', 'summary', 'links', 'availability', 'expectedBudget', 'consent'] as const;
/** The summary links each problem to the first input of its field. */
export const INTEREST_ANCHORS: FieldAnchors = { areas: 'f-areas-0', expectedBudget: 'f-budgetAmount', consent: 'f-consent' };

/** What the visitor typed, as text, to show again after a mistake. */
export interface InterestFormValues {
  name?: string;
  email?: string;
  areas: string[];
  summary?: string;
  links?: string;
  availability?: string;
  budgetAmount?: string;
  budgetCurrency?: string;
  consent: boolean;
}

export function interestValues(body: Record<string, unknown>): InterestFormValues {
  return {
    name: one(body.name),
    email: one(body.email),
    areas: many(body.areas),
    summary: one(body.summary),
    links: one(body.links),
    availability: one(body.availability),
    budgetAmount: one(body.budgetAmount),
    budgetCurrency: one(body.budgetCurrency),
    consent: body.consent === 'yes',
  };
}

/**
 * The form's fields in the API's shape (`CreateInterestDto`): links one per line, the budget
 * typed as a decimal and turned into minor units, consent a checkbox. A budget that is not a
 * number is the one problem found here; everything else is the DTO's to judge.
 */
export function interestDtoInput(body: Record<string, unknown>): { input: Record<string, unknown>; budgetProblem: boolean } {
  const v = interestValues(body);
  let budgetProblem = false;
  let expectedBudget: { amount: number; currency: string } | undefined;
  if (v.budgetAmount) {
    const currency = v.budgetCurrency ?? 'EUR';
    const amount = (BUDGET_CURRENCIES as readonly string[]).includes(currency) ? parseTypedAmount(v.budgetAmount, minorUnitExponent(currency)) : undefined;
    if (amount === undefined) budgetProblem = true;
    else expectedBudget = { amount, currency };
  }
  const input: Record<string, unknown> = {
    name: v.name ?? '',
    email: v.email ?? '',
    areas: v.areas,
    summary: v.summary ?? '',
    consent: v.consent ? true : undefined,
    ...(lines(v.links) ? { links: lines(v.links) } : {}),
    ...(v.availability?.trim() ? { availability: v.availability } : {}),
    ...(expectedBudget ? { expectedBudget } : {}),
    ...(typeof body.website === 'string' ? { website: body.website } : {}),
  };
  return { input, budgetProblem };
}

export function budgetError(locale: Locale): FormError {
  return { field: 'expectedBudget', href: `#${INTEREST_ANCHORS.expectedBudget}`, message: catalogs().t(locale, 'pages:donate.amountInvalid') };
}

/** The form page's model: areas as checkboxes (titles in the visitor's language when an `areas` catalog has them). */
export function interestFormModel(areas: { code: string; title: string }[], values: InterestFormValues, errors: FormError[], locale: Locale) {
  return {
    values,
    errorFor: errorsByField(errors),
    areas: areas.map((a, i) => ({
      value: a.code,
      id: `f-areas-${i}`,
      label: a.title,
      checked: values.areas.includes(a.code),
    })),
    currencies: BUDGET_CURRENCIES.map((code) => ({ value: code, label: code, selected: code === (values.budgetCurrency ?? 'EUR') })),
  };
}
