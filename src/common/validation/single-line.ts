import { Matches, ValidationOptions } from 'class-validator';

/**
 * Field names that are one line wherever they occur: names, titles, subjects, references. A line
 * break in one of them is how header injection starts (a name that ends up in a subject), so the
 * body guard refuses it for every route, and DTOs say so with `@SingleLine()`.
 */
export const SINGLE_LINE_FIELDS = new Set(['name', 'publicName', 'title', 'subject', 'programme', 'funder', 'payee', 'reference', 'email', 'holder', 'filename', 'externalRef']);

export const LINE_BREAK = /[\r\n\u0085\u2028\u2029]/;

/**
 * A name that arrives from elsewhere (a Stripe customer's), made fit to store as one: runs of
 * line breaks and control characters become one space, and the ends are trimmed.
 * What people type into Coffer is refused instead (the body guard, SingleLine, NoControlChars).
 */
export function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]+/g, ' ').trim();
}

/** No CR, LF or Unicode line separators: the value is shown (or mailed) as one line. */
export function SingleLine(options?: ValidationOptions): PropertyDecorator {
  return Matches(/^[^\r\n\u0085\u2028\u2029]*$/, { message: '$property must be a single line (no line breaks)', ...options });
}
