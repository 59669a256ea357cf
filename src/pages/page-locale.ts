import type { FastifyReply, FastifyRequest } from 'fastify';
import { isLocale, negotiateLocale, type Locale } from '../i18n/locale.js';

export const LOCALE_COOKIE = 'coffer_lang';
const ONE_YEAR_SECONDS = 365 * 24 * 3600;

/** One cookie's value from the Cookie header (the pages need no other cookie yet). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

/**
 * The page's language: `?lang=de` wins and is remembered in a cookie (so the choice survives a
 * form post and the next visit), then the cookie, then `Accept-Language`.
 */
export function resolvePageLocale(request: FastifyRequest, reply?: FastifyReply): Locale {
  const asked = (request.query as Record<string, unknown> | undefined)?.lang;
  if (isLocale(asked)) {
    reply?.header('set-cookie', `${LOCALE_COOKIE}=${asked}; Path=/; Max-Age=${ONE_YEAR_SECONDS}; SameSite=Lax; HttpOnly`);
    return asked;
  }
  const remembered = readCookie(request.headers.cookie, LOCALE_COOKIE);
  if (isLocale(remembered)) return remembered;
  return negotiateLocale(request.headers['accept-language']);
}

/** A path URL would leave as it is (not `//host`, no backslash, no dot segment, no escapes) … */
const PLAIN_PATH = /^\/(?![/\\])(?!.*\/\.)[A-Za-z0-9\-._~/!$&'()*,;=:@]*$/;
/** … and a query URLSearchParams would write back unchanged. */
const PLAIN_QUERY = /^(?:[\w\-.*]+=[\w\-.*]*(?:&[\w\-.*]+=[\w\-.*]*)*)?$/;

/**
 * The same address with `lang` set to the other language, for the visible switch. Every page
 * render asks for it, so the usual case (no query, or one without `lang`) is plain string work;
 * anything else goes through URLSearchParams as before.
 */
export function languageSwitchUrl(url: string, locale: Locale): string {
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  const query = q === -1 ? '' : url.slice(q + 1);
  if (PLAIN_PATH.test(path) && PLAIN_QUERY.test(query) && !/(^|&)lang=/.test(query)) {
    return `${path}?${query ? `${query}&` : ''}lang=${locale}`;
  }
  const parsed = new URL(url, 'http://page.invalid');
  parsed.searchParams.set('lang', locale);
  return `${parsed.pathname}${parsed.search}`;
}
