import type { FastifyReply } from 'fastify';
import type { StaffSessionService } from '../auth/staff-session.service.js';
import { AppException } from '../common/errors/app.exception.js';
import { catalogs } from '../i18n/catalogs.js';
import type { Locale } from '../i18n/locale.js';
import { validateForm, type FieldAnchors, type FormError } from '../pages/page-form.js';
import { refusalMessage } from './refusal-message.js';

/** A form's outcome for the board pages: the DTO, or the problems and the status to answer with. */
export type BoardForm<T> = { ok: true; dto: T } | { ok: false; errors: FormError[]; status: number };

/**
 * Runs the API's DTO over a board form (so the page accepts exactly what the API accepts) and
 * words each refused field from `staff-board:errors.<field>`, which names the rule broken.
 */
export async function boardForm<T extends object>(dtoClass: new () => T, plain: Record<string, unknown>, locale: Locale, anchors: FieldAnchors): Promise<BoardForm<T>> {
  const result = await validateForm(dtoClass, plain, locale, anchors);
  if (result.ok) return result;
  return { ok: false, status: 400, errors: result.errors.map((e) => ({ ...e, message: fieldMessage(locale, e.field, e.message) })) };
}

export function fieldError(locale: Locale, field: string, anchor: string, key = field): FormError {
  return { field, href: `#${anchor}`, message: fieldMessage(locale, key, key) };
}

function fieldMessage(locale: Locale, field: string, fallback: string): string {
  const key = `staff-board:errors.${field}`;
  return catalogs().has('en', key) ? catalogs().t(locale, key) : fallback;
}

/**
 * A service's refusal of a well-formed request (an illegal move, a move needing the vote, an
 * award missing) as a form problem with the status the API answers; anything else is rethrown
 * for the error page (404, 403 …).
 */
export function refusal(error: unknown, locale: Locale, field: string, anchor: string, to?: string): { errors: FormError[]; status: number } {
  if (!(error instanceof AppException) || (error.kind !== 'conflict' && error.kind !== 'invalid')) throw error;
  const message = refusalMessage(locale, error, ['staff-board:refused'], { to: to ?? '' });
  return { errors: [{ field, href: `#${anchor}`, message }], status: error.kind === 'conflict' ? 409 : 400 };
}

/** Builds a staff-page `Set-Cookie` value (`StaffSessionService.cookieHeader`: Secure on https, as the session cookie). */
export type CookieWriter = Pick<StaffSessionService, 'cookieHeader'>;

/** A one-time value for the next page (the reissued grantee link), scoped to one path, read once. */
export function setOnce(reply: FastifyReply, cookies: CookieWriter, name: string, value: string, path: string): void {
  void reply.header('set-cookie', cookies.cookieHeader(name, encodeURIComponent(value), { path, maxAge: 120, sameSite: 'Strict' }));
}

export function takeOnce(cookieHeader: string | undefined, reply: FastifyReply, cookies: CookieWriter, name: string, path: string): string | undefined {
  const found = (cookieHeader ?? '')
    .split(/;\s*/)
    .find((c) => c.startsWith(`${name}=`))
    ?.slice(name.length + 1);
  if (found === undefined) return undefined;
  void reply.header('set-cookie', cookies.cookieHeader(name, '', { path, maxAge: 0, sameSite: 'Strict' }));
  try {
    return decodeURIComponent(found);
  } catch {
    return undefined;
  }
}
