import { Transform } from 'class-transformer';
import { applyDecorators } from '@nestjs/common';
import { IsString, Length, Matches, registerDecorator, ValidationOptions } from 'class-validator';
import { SingleLine } from './single-line.js';

/** Control characters other than tab and newlines have no place in form text. */
export function NoControlChars(options?: ValidationOptions): PropertyDecorator {
  return Matches(/^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/, { message: '$property must not contain control characters', ...options });
}

export const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
export const trimLower = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);
export const Trim = () => Transform(trim);
export const TrimLower = () => Transform(trimLower);

/** A name or title typed into a form: trimmed, 1–200 characters, one line, no control characters. */
export function ShortText(): PropertyDecorator {
  return applyDecorators(Trim(), IsString(), Length(1, 200), NoControlChars(), SingleLine());
}

/**
 * Why something was done (a reversal, a transfer, a payment beyond the schedule), kept in the
 * books and the audit log: trimmed, so a blank reason is no reason; 1–max characters, no control
 * characters (line breaks are fine).
 */
export function Reason(max = 2000): PropertyDecorator {
  return applyDecorators(Trim(), IsString(), Length(1, max, { message: `$property must say why, in 1-${max} characters` }), NoControlChars());
}

/** Calendar date `YYYY-MM-DD` that exists (no 2025-02-30). */
export function isCalendarDate(value: unknown): boolean {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

const DATE_TIME = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-]([01]\d|2[0-3]):?[0-5]\d)?$/;

/**
 * A calendar date `YYYY-MM-DD` or a full date-time on a real day (`2026-03-14T10:00:00Z`,
 * seconds, fraction and offset optional). Refuses the other ISO 8601 forms (`2026`, `2026-06`,
 * `2026-W01`, `2026-123`) that PostgreSQL cannot cast to a date or timestamptz.
 */
export function isDateOrDateTime(value: unknown): boolean {
  if (isCalendarDate(value)) return true;
  if (typeof value !== 'string') return false;
  const match = DATE_TIME.exec(value);
  return match !== null && isCalendarDate(match[1]);
}

/** `isDateOrDateTime` as a decorator; the message names the property. */
export function IsDateOrDateTime(options?: ValidationOptions): PropertyDecorator {
  return Check('isDateOrDateTime', isDateOrDateTime, '$property must be a date YYYY-MM-DD or a date-time such as 2026-03-14T10:00:00Z', options);
}

/** A one-off validation rule with its message. */
export function Check(name: string, test: (v: unknown) => boolean, message: string, options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({ name, target: target.constructor, propertyName: propertyName as string, options: { message, ...options }, validator: { validate: test } });
}
