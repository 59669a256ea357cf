import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { StaffSession } from '../auth/staff-session.service.js';
import { catalogs } from '../i18n/catalogs.js';
import { readCookie } from '../pages/page-locale.js';
import { NavItem, PageOptions, PageRenderService } from '../pages/page-render.service.js';
import type { Role } from '../users/role.js';

const FLASH_COOKIE = 'coffer_flash';
const FLASH_SHAPE = /^[a-zA-Z][a-zA-Z.]{0,63}$/;

/** The staff navigation: each entry only for the roles whose pages it opens. */
export const STAFF_NAV: (NavItem & { roles: Role[] })[] = [
  { id: 'home', href: '/staff', label: 'staff:nav.home', roles: ['admin', 'treasurer', 'board'] },
  { id: 'month', href: '/staff/month', label: 'staff:nav.month', roles: ['admin', 'treasurer'] },
  { id: 'donations', href: '/staff/donations', label: 'staff-money:nav.donations', roles: ['admin', 'treasurer'] },
  { id: 'sponsors', href: '/staff/sponsors', label: 'staff-money:nav.sponsors', roles: ['admin', 'treasurer'] },
  { id: 'funds', href: '/staff/funds', label: 'staff-spending:nav.funds', roles: ['admin', 'treasurer', 'board'] },
  { id: 'runway', href: '/staff/runway', label: 'staff-spending:nav.runway', roles: ['admin', 'treasurer', 'board'] },
  { id: 'roles', href: '/staff/roles', label: 'staff-spending:nav.roles', roles: ['admin', 'treasurer', 'board'] },
  { id: 'expenses', href: '/staff/expenses', label: 'staff-spending:nav.expenses', roles: ['admin', 'treasurer', 'board'] },
  { id: 'reviews', href: '/staff/reviews', label: 'staff:nav.reviews', roles: ['board'] },
  { id: 'grants', href: '/staff/grants', label: 'staff-board:nav.grants', roles: ['admin', 'board', 'treasurer'] },
  { id: 'interest', href: '/staff/interest', label: 'staff-board:nav.interest', roles: ['admin', 'board'] },
  { id: 'hiring', href: '/staff/hiring', label: 'staff-board:nav.hiring', roles: ['admin', 'board'] },
  { id: 'emails', href: '/staff/emails', label: 'staff:nav.emails', roles: ['admin'] },
  { id: 'audit', href: '/staff/audit', label: 'staff:nav.audit', roles: ['admin'] },
  { id: 'updates', href: '/staff/updates', label: 'staff-admin:nav.updates', roles: ['admin', 'treasurer', 'board'] },
  { id: 'users', href: '/staff/users', label: 'staff-admin:nav.users', roles: ['admin'] },
];

/** Signed out (a staff error page): no navigation. */
const NO_NAV: readonly NavItem[] = Object.freeze([]);

const navByRoles = new Map<string, readonly NavItem[]>();

/** The staff navigation a set of roles sees: one constant list per set (the page renderer keeps what it shows per list). */
function navFor(roles: readonly Role[]): readonly NavItem[] {
  const key = [...roles].sort().join(',');
  let items = navByRoles.get(key);
  if (!items) {
    items = Object.freeze(STAFF_NAV.filter((item) => item.roles.some((r) => roles.includes(r))));
    navByRoles.set(key, items);
  }
  return items;
}

export type StaffRequest = FastifyRequest & { staffSession: StaffSession };

/**
 * Renders a staff page: the public framework's layout with the staff navigation, who is signed
 * in (and the sign-out form with the session's CSRF token), and the flash message a POST left
 * for the page it redirected to.
 */
@Injectable()
export class StaffRenderService {
  constructor(private readonly pages: PageRenderService) {}

  locale(request: FastifyRequest, reply: FastifyReply) {
    return this.pages.locale(request, reply);
  }

  async render(request: FastifyRequest, reply: FastifyReply, view: string, model: Record<string, unknown>, options: PageOptions): Promise<void> {
    const session = (request as Partial<StaffRequest>).staffSession;
    const locale = this.pages.locale(request, reply);
    const flashKey = readCookie(request.headers.cookie, FLASH_COOKIE);
    const flash = flashKey && FLASH_SHAPE.test(flashKey) ? catalogs().t(locale, `staff:flash.${flashKey}`) : undefined;
    if (flashKey) void reply.header('set-cookie', `${FLASH_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax`);
    const roles = session?.actor.roles ?? [];
    await this.pages.render(
      request,
      reply,
      view,
      { ...model, flash, staff: session ? { name: session.name, csrf: session.csrf } : undefined, csrf: session?.csrf },
      { privateLink: true, ...options, navItems: session ? navFor(roles) : NO_NAV },
    );
  }

  /** POST → 303 → GET, with the outcome (a `staff:flash.*` key) shown once on the next page. */
  redirect(reply: FastifyReply, location: string, flash?: string): void {
    if (flash) void reply.header('set-cookie', `${FLASH_COOKIE}=${flash}; Path=/; Max-Age=120; HttpOnly; SameSite=Lax`);
    this.pages.redirect(reply, location);
  }
}
