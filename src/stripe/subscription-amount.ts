export const BILLING_INTERVALS = ['day', 'week', 'month', 'year'] as const;
export type BillingInterval = (typeof BILLING_INTERVALS)[number];

/** How many of each interval fit in a year: a month is a twelfth of it. */
const PER_YEAR: Record<BillingInterval, bigint> = { day: 365n, week: 52n, month: 12n, year: 1n };

/**
 * What a subscription of `amount` every `count` `interval`s gives per month, in the same minor
 * unit, rounded half up: 120.00 a year is 10.00 a month, 5.00 a week is 21.67. Integer
 * arithmetic only (amount × per-year ÷ (12 × count)), so no float ever touches money.
 */
export function monthlyAmount(amount: bigint, interval: BillingInterval, count = 1): bigint {
  if (count < 1 || !Number.isInteger(count)) throw new RangeError(`interval count must be a positive integer, not ${count}`);
  const numerator = amount * PER_YEAR[interval];
  const denominator = 12n * BigInt(count);
  return (numerator * 2n + denominator) / (denominator * 2n);
}

export function isBillingInterval(value: unknown): value is BillingInterval {
  return typeof value === 'string' && (BILLING_INTERVALS as readonly string[]).includes(value);
}
