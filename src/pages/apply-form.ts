import { CV_MAX_BYTES, pdfProblem } from '../hiring/cv-check.js';
import { catalogs } from '../i18n/catalogs.js';
import type { Locale } from '../i18n/locale.js';
import { lines, many, one, type FieldAnchors, type FormError } from './page-form.js';

/** The application form's fields in page order (the summary lists problems in this order). */
export const APPLY_FIELDS = ['name', 'email', 'message', 'links', 'cv'] as const;
export const APPLY_ANCHORS: FieldAnchors = {};
/** Where the validation messages find each field's name. */
export const APPLY_LABELS = 'pages:apply.fields';

/** What the applicant typed, as text, to show again after a mistake (a file input cannot be refilled). */
export interface ApplyFormValues {
  name?: string;
  email?: string;
  message?: string;
  links?: string;
}

/** The parts as read (`readApplicationParts`): a textarea sends `links` once, the API repeats it. */
export function applyValues(raw: Record<string, unknown>): ApplyFormValues {
  return { name: one(raw.name), email: one(raw.email), message: one(raw.message), links: many(raw.links).join('\n') || undefined };
}

/** The form in the API's shape (`ApplicationFieldsDto`): links one per line; the honeypot as sent. */
export function applyDtoInput(raw: Record<string, unknown>): Record<string, unknown> {
  const v = applyValues(raw);
  return {
    name: v.name ?? '',
    email: v.email ?? '',
    message: v.message ?? '',
    ...(lines(v.links) ? { links: lines(v.links) } : {}),
    ...(typeof raw.website === 'string' ? { website: raw.website } : {}),
  };
}

/** The API's CV check (`pdfProblem`, by the file's bytes) as the form's message. */
export function cvError(content: Buffer, locale: Locale): FormError | null {
  const problem = pdfProblem(content);
  if (!problem) return null;
  return { field: 'cv', href: '#f-cv', message: catalogs().t(locale, content.length === 0 ? 'pages:apply.cvEmpty' : 'pages:apply.cvNotPdf') };
}

export const CV_MAX_MB = CV_MAX_BYTES / (1024 * 1024);
