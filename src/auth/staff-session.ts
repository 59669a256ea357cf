import { SetMetadata, applyDecorators } from '@nestjs/common';
import type { Role } from '../users/role.js';
import { Roles } from './access.decorator.js';

export const STAFF_PAGE_KEY = 'coffer:staffPage';
export const SESSION_COOKIE = 'coffer_session';
/** With Secure, the `__Host-` prefix also pins the cookie to this host and path `/`. */
export const SECURE_SESSION_COOKIE = `__Host-${SESSION_COOKIE}`;

/**
 * A staff page: signed in through the session cookie (not a bearer token), open to these roles.
 * Without a session it answers 303 to `/login?next=…`; with the wrong roles 403; a POST without
 * the session's CSRF token 403. The roles are the `@Roles` metadata the R7 matrix reads.
 */
export function StaffPage(...roles: Role[]): ClassDecorator & MethodDecorator {
  return applyDecorators(Roles(...roles), SetMetadata(STAFF_PAGE_KEY, true));
}

/** Thrown by the guard on a staff page without a live session; the staff filter answers 303. */
export class SignInRequired extends Error {
  constructor(readonly next: string) {
    super('Sign in required');
  }
}

/** Only a same-site path may follow a sign-in: `/staff/x?y`, never `//evil`, `/\\evil` or `https:…`. */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || next.length > 512) return '/staff';
  if (!/^\/(?![/\\])[\x21-\x7e]*$/.test(next)) return '/staff';
  return next;
}
