import { Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { catalogs } from '../i18n/catalogs.js';
import type { Locale } from '../i18n/locale.js';
import { PageAssets } from './page-assets.js';
import { PAGE_CSP } from './page-csp.js';
import { messageWithVars } from './page-view.js';
import { languageSwitchUrl, resolvePageLocale } from './page-locale.js';
import type { FormError } from './page-form.js';

/** What a handler hands to a template besides its own data. */
export interface PageOptions {
  /** Catalog key of the `<title>` and `<h1>` (`pages:…` unless namespaced) and its variables. */
  title: string;
  titleVars?: Record<string, unknown>;
  status?: number;
  /** Pages behind a private link: never stored by a cache, never in history of a shared proxy, never indexed (`X-Robots-Tag`). */
  privateLink?: boolean;
  /** The form's errors: listed in the summary; the title gets "Error:" as GOV.UK advises. */
  errors?: FormError[];
  /** Which main-navigation entry is current (`home`, `donate`, `apply`, `jobs`). */
  nav?: string;
  /** Another navigation than the public one (the staff pages'); labels are catalog keys. A constant list: what is shown is kept per list. */
  navItems?: readonly NavItem[];
}

export interface NavItem {
  id: string;
  href: string;
  label: string;
}

const NAV: NavItem[] = [
  { id: 'home', href: '/', label: 'site.home' },
  { id: 'donate', href: '/donate', label: 'site.donate' },
  { id: 'apply', href: '/interest', label: 'site.apply' },
  { id: 'jobs', href: '/jobs', label: 'site.jobs' },
];

/** A navigation entry as the layout shows it: the label already in the page's language. */
interface ShownNavItem {
  href: string;
  text: string;
  current: boolean;
}

const shown = new WeakMap<readonly NavItem[], Map<string, readonly ShownNavItem[]>>();

/**
 * The navigation as the layout shows it: labels in the page's language, and which one is the
 * current page. The catalogs never change after start and a list of entries is a constant (the
 * public one, or the staff one for a set of roles), so each list, locale and current page is
 * built once and shared, frozen, by every request that shows it.
 */
export function shownNav(locale: Locale, items: readonly NavItem[], current: string | undefined): readonly ShownNavItem[] {
  let byPage = shown.get(items);
  if (!byPage) {
    byPage = new Map();
    shown.set(items, byPage);
  }
  const key = `${locale}|${current ?? ''}`;
  let nav = byPage.get(key);
  if (!nav) {
    nav = Object.freeze(
      items.map((item) =>
        Object.freeze({
          href: item.href,
          text: catalogs().t(locale, item.label.includes(':') ? item.label : `pages:${item.label}`),
          current: item.id === current,
        }),
      ),
    );
    byPage.set(key, nav);
  }
  return nav;
}

/**
 * Renders a page through `@fastify/view` into the one layout, with the locale, the language
 * switch, the stylesheet and the pages' CSP, and sends it. Handlers call `locale()` first (it
 * also remembers `?lang=`), build a view model from a service, then `render()` or `redirect()`.
 */
@Injectable()
export class PageRenderService {
  constructor(
    private readonly host: HttpAdapterHost,
    private readonly assets: PageAssets,
  ) {}

  locale(request: FastifyRequest, reply: FastifyReply): Locale {
    return resolvePageLocale(request, reply);
  }

  async render(request: FastifyRequest, reply: FastifyReply, view: string, model: Record<string, unknown>, options: PageOptions): Promise<void> {
    const locale = resolvePageLocale(request, reply);
    const other: Locale = locale === 'de' ? 'en' : 'de';
    const key = options.title.includes(':') ? options.title : `pages:${options.title}`;
    // Without variables the title is Catalogs' remembered answer; with them, the pages' memo.
    const title = options.titleVars ? messageWithVars(locale, key, options.titleVars) : catalogs().t(locale, key);
    const fastify = this.host.httpAdapter.getInstance<FastifyInstance>();
    const html = await fastify.view(view, {
      ...model,
      locale,
      otherLocale: other,
      switchUrl: languageSwitchUrl(request.url, other),
      stylesheet: this.assets.stylesheetUrl,
      title,
      errors: options.errors ?? [],
      nav: shownNav(locale, options.navItems ?? NAV, options.nav),
    });
    void reply
      .status(options.status ?? 200)
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', PAGE_CSP)
      .header('content-language', locale)
      .header('vary', 'accept-language, cookie')
      .header('cache-control', options.privateLink ? 'no-store' : 'no-cache');
    if (options.privateLink) void reply.header('x-robots-tag', 'noindex, nofollow');
    void reply.send(html);
  }

  /** POST → 303 → GET: a reload never sends the form again. */
  redirect(reply: FastifyReply, location: string): void {
    void reply.status(303).header('location', location).send();
  }
}
