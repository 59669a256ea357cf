import { registerDecorator, ValidationOptions } from 'class-validator';

/** Default of MAX_MANUAL_AMOUNT_MINOR: 10^12 minor units (10 billion EUR), far above any real gift. */
export const DEFAULT_MAX_MANUAL_AMOUNT_MINOR = 1_000_000_000_000;

let limit = DEFAULT_MAX_MANUAL_AMOUNT_MINOR;

/**
 * Set once by `createApp` from MAX_MANUAL_AMOUNT_MINOR. Decorators are evaluated when the DTO
 * classes load, before the configuration is read, so the rule reads the bound when it runs.
 */
export function setManualAmountLimit(minor: number): void {
  limit = minor;
}

export function manualAmountLimit(): number {
  return limit;
}

/**
 * An amount typed by a person is at most MAX_MANUAL_AMOUNT_MINOR. Bounded so that the sums in
 * reports (thousands of them) stay far from 2^53 and one slip of the keyboard cannot make every
 * report unreadable.
 */
export function MaxManualAmount(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'maxManualAmount',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: () => `$property must be at most ${limit} minor units (MAX_MANUAL_AMOUNT_MINOR)`, ...options },
      validator: { validate: (value: unknown) => typeof value !== 'number' || value <= limit },
    });
}
