import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import { AppException, type FieldProblem } from '../common/errors/app.exception.js';
import { catalogs } from '../i18n/catalogs.js';
import type { Locale } from '../i18n/locale.js';

/** One problem as the error summary and the field show it (GOV.UK pattern). */
export interface FormError {
  field: string;
  /** `#id` of the input the summary links to. */
  href: string;
  message: string;
}

export type FormResult<T> = { ok: true; dto: T } | { ok: false; errors: FormError[] };

/** Where a field's input lives in the page: `f-<name>` unless the form names another id. */
export type FieldAnchors = Partial<Record<string, string>>;

const isEmpty = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

/** Constraints whose failure on an empty value just means "fill this in". */
const CHOICE_FIELDS = new Set(['areas', 'interval', 'fund', 'currency']);

/**
 * Runs the API's own DTO class over what the form sent, with the options of the API's
 * validation pipe, so a page accepts exactly what the API accepts. Messages come from the
 * `pages:validation.*` catalog in the visitor's language, one per field (the first problem).
 */
export async function validateForm<T extends object>(
  dtoClass: ClassConstructor<T>,
  plain: Record<string, unknown>,
  locale: Locale,
  anchors: FieldAnchors = {},
  /** Where the fields' names for the messages live (`<labels>.<field>`). */
  labels = 'pages:fields',
): Promise<FormResult<T>> {
  const dto = plainToInstance(dtoClass, plain, { enableImplicitConversion: false });
  const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true, validationError: { target: false, value: false } });
  if (errors.length === 0) return { ok: true, dto };
  const problems = flatten(errors).map(({ field, constraint }) => ({ field, message: messageFor(field, constraint, plain[field], locale, labels) }));
  return { ok: false, errors: toFormErrors(problems, anchors) };
}

function flatten(errors: ValidationError[], parent?: string): { field: string; constraint: string }[] {
  return errors.flatMap((error) => {
    // Nested and array problems belong to the top-level field the visitor typed into.
    const field = parent ?? error.property;
    const own = Object.keys(error.constraints ?? {}).map((constraint) => ({ field, constraint }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

function messageFor(field: string, constraint: string, value: unknown, locale: Locale, labels: string): string {
  const t = catalogs();
  const label = t.has(locale, `${labels}.${field}`) || t.has('en', `${labels}.${field}`) ? t.t(locale, `${labels}.${field}`) : field;
  let key: string;
  if (constraint === 'equals') key = 'equals';
  else if (isEmpty(value)) key = CHOICE_FIELDS.has(field) ? 'emptyChoice' : 'empty';
  else if (constraint === 'isLength' || constraint === 'maxLength') key = 'tooLong';
  else if (constraint === 'matches') key = field === 'areas' ? 'matches' : 'noControlChars';
  else key = t.has('en', `pages:validation.${constraint}`) ? constraint : 'generic';
  return t.t(locale, `pages:validation.${key}`, { field: label });
}

/** First problem per field, in the order the form shows them. */
export function toFormErrors(problems: FieldProblem[], anchors: FieldAnchors = {}): FormError[] {
  const seen = new Set<string>();
  const out: FormError[] = [];
  for (const { field, message } of problems) {
    const top = field.split('.')[0];
    if (seen.has(top)) continue;
    seen.add(top);
    out.push({ field: top, href: `#${anchors[top] ?? `f-${top}`}`, message });
  }
  return out;
}

/**
 * A service's "invalid input" with field details (an unknown priority area, an unknown fund) as
 * form errors; anything else is rethrown for the error page.
 */
export function formErrorsFrom(error: unknown, locale: Locale, anchors: FieldAnchors = {}, keyOf: (field: string) => string = () => 'generic'): FormError[] {
  if (!(error instanceof AppException) || error.kind !== 'invalid') throw error;
  const details = (error.details ?? []) as FieldProblem[];
  const problems = details.length ? details : [{ field: 'form', message: error.message }];
  const t = catalogs();
  return toFormErrors(
    problems.map((p) => ({ field: p.field, message: t.t(locale, `pages:validation.${keyOf(p.field)}`, { field: t.t(locale, `pages:fields.${p.field.split('.')[0]}`) }) })),
    anchors,
  );
}

/** `{ field: message }` for the templates, beside the list for the summary. */
export function errorsByField(errors: FormError[]): Record<string, string> {
  return Object.fromEntries(errors.map((e) => [e.field, e.message]));
}

/** A textarea of one entry per line to the array the API takes (blank lines dropped). */
export function lines(value: unknown): string[] | undefined {
  if (typeof value !== 'string') return undefined;
  const list = value
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
  return list.length ? list : undefined;
}

/** A form field that may arrive once or repeated (checkboxes) as a list of strings. */
export function many(value: unknown): string[] {
  if (value === undefined || value === null || value === '') return [];
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
}

/** A single text value from a urlencoded body, or undefined when empty or repeated. */
export function one(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Errors in the order the fields appear on the page, so the summary reads top to bottom. */
export function inFieldOrder(errors: FormError[], order: readonly string[]): FormError[] {
  const rank = (e: FormError) => (order.includes(e.field) ? order.indexOf(e.field) : order.length);
  return [...errors].sort((a, b) => rank(a) - rank(b));
}
