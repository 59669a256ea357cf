import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import i18next, { type TFunction, type TOptions } from 'i18next';
import { DEFAULT_LOCALE, LOCALES, type Locale } from './locale.js';

/**
 * Message catalogs shared by emails and pages: `locales/<locale>/<namespace>.json`, one file per
 * namespace (`common`, `email`, `pages`, `areas`, …). German falls back to English key by key, so
 * a missing translation shows English rather than a key.
 */
export function findLocalesDir(start = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, 'locales', DEFAULT_LOCALE);
    if (existsSync(candidate)) return join(dir, 'locales');
    if (dirname(dir) === dir) throw new Error(`locales/ not found above ${start}`);
  }
}

type Resources = Record<string, Record<string, Record<string, unknown>>>;

function readResources(dir: string): { resources: Resources; namespaces: string[] } {
  const resources: Resources = {};
  const namespaces = new Set<string>();
  for (const locale of LOCALES) {
    resources[locale] = {};
    const folder = join(dir, locale);
    if (!existsSync(folder)) continue;
    for (const file of readdirSync(folder).filter((name) => name.endsWith('.json'))) {
      const ns = file.slice(0, -'.json'.length);
      namespaces.add(ns);
      resources[locale][ns] = JSON.parse(readFileSync(join(folder, file), 'utf8')) as Record<string, unknown>;
    }
  }
  return { resources, namespaces: [...namespaces] };
}

/** Options of `t` that change which message is found or how: with any of them, i18next answers. */
const I18NEXT_OPTIONS = new Set([
  'count',
  'context',
  'ns',
  'lng',
  'lngs',
  'fallbackLng',
  'returnObjects',
  'returnDetails',
  'joinArrays',
  'postProcess',
  'interpolation',
  'skipInterpolation',
  'replace',
  'ordinal',
  'keySeparator',
  'nsSeparator',
  'nest',
]);

export class Catalogs {
  private readonly i18n = i18next.createInstance();
  private readonly fixed = new Map<Locale, TFunction>();
  /**
   * Answers to `t` and `has` without options, by locale and key. The resources never change after
   * construction, and i18next resolves a key anew on every call (namespace split, fallback chain,
   * interpolation and nesting passes): a Stripe charge asks for the same channel and fund labels in
   * both languages, so under a webhook storm that lookup was ~5 % of the app's CPU (B2).
   */
  private readonly plain = new Map<string, string | boolean>();
  /** Messages split at their placeholders, by locale and key (see `interpolated`); null: i18next's own path. */
  private readonly split = new Map<string, string[] | null>();
  private readonly ns: ReadonlySet<string>;

  constructor(dir = findLocalesDir()) {
    const { resources, namespaces } = readResources(dir);
    this.ns = new Set(namespaces);
    void this.i18n.init({
      resources,
      ns: namespaces,
      defaultNS: 'common',
      fallbackNS: 'common',
      lng: DEFAULT_LOCALE,
      fallbackLng: DEFAULT_LOCALE,
      supportedLngs: [...LOCALES],
      initAsync: false,
      returnNull: false,
      // Emails and pages escape in their own templates (Handlebars); escaping here would double it.
      interpolation: { escapeValue: false },
    });
  }

  /** A translator fixed to one locale; keys are `namespace:key.path` or `key.path` in `common`. */
  forLocale(locale: Locale): TFunction {
    return this.i18n.getFixedT(locale);
  }

  t(locale: Locale, key: string, options?: TOptions): string {
    if (!options) return this.remembered(`t\0${locale}\0${key}`, () => this.t(locale, key, {})) as string;
    // i18next builds a new fixed translator on every `getFixedT`; one per locale does the same work.
    let t = this.fixed.get(locale);
    if (!t) {
      t = this.i18n.getFixedT(locale);
      this.fixed.set(locale, t);
    }
    return this.interpolated(locale, key, options) ?? t(key, options);
  }

  /**
   * The common case without i18next: a message with plain `{{name}}` placeholders, every one of
   * them given, no plural, context or other option that changes the lookup. i18next resolves the
   * key anew and scans the message with regular expressions on every call; an email's dozen
   * messages per part made that ~8 % of the outbox worker's CPU (B5). Same lookup order as
   * i18next (the key's namespace in the locale, then in English, then `common` likewise), same
   * conversion of values (`String`, null as empty). Anything else (a missing value, which the
   * caller's `missingInterpolationHandler` must see; a missing key, whose `defaultValue` applies;
   * formats, nesting) returns undefined and i18next answers.
   */
  private interpolated(locale: Locale, key: string, options: TOptions): string | undefined {
    for (const option in options) if (I18NEXT_OPTIONS.has(option) || option.startsWith('defaultValue_')) return undefined;
    const cacheKey = `${locale}\0${key}`;
    let parts = this.split.get(cacheKey);
    if (parts === undefined) {
      parts = this.splitMessage(locale, key);
      if (this.split.size < 10_000) this.split.set(cacheKey, parts);
    }
    if (parts === null) return undefined;
    let out = parts[0];
    for (let i = 1; i < parts.length; i += 2) {
      const value = (options as Record<string, unknown>)[parts[i]];
      const text = value === null ? '' : typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
      // Missing (the caller's handler must see it), or an object, array or function: i18next answers.
      if (text === undefined) return undefined;
      out += text + parts[i + 1];
    }
    return out;
  }

  private splitMessage(locale: Locale, key: string): string[] | null {
    const colon = key.indexOf(':');
    const ns = colon < 0 ? 'common' : key.slice(0, colon);
    const path = colon < 0 ? key : key.slice(colon + 1);
    if (!this.ns.has(ns) || path.includes(':')) return null;
    let message: unknown;
    for (const space of ns === 'common' ? [ns] : [ns, 'common']) {
      for (const code of locale === DEFAULT_LOCALE ? [locale] : [locale, DEFAULT_LOCALE]) {
        message = this.i18n.getResource(code, space, path);
        if (message !== undefined && message !== null) break;
      }
      if (message !== undefined && message !== null) break;
    }
    if (typeof message !== 'string' || message.includes('$t(')) return null;
    const parts: string[] = [];
    let at = 0;
    for (const match of message.matchAll(/\{\{(-?)([^{}]*?)\}\}/g)) {
      const name = match[2].trim();
      if (!/^[A-Za-z_$][\w$]*$/.test(name)) return null;
      parts.push(message.slice(at, match.index), name);
      at = match.index + match[0].length;
    }
    parts.push(message.slice(at));
    // A brace left in the text (a placeholder this does not read): i18next's way.
    return parts.some((part, i) => i % 2 === 0 && part.includes('{{')) ? null : parts;
  }

  /** Whether `locale` itself has the message (no fallback); pass `count` to ask for a plural key. */
  has(locale: Locale, key: string, options?: TOptions): boolean {
    if (!options) return this.remembered(`has\0${locale}\0${key}`, () => this.has(locale, key, {})) as boolean;
    return this.i18n.exists(key, { ...options, lng: locale, fallbackLng: false });
  }

  /** Keys come from code and seeded codes; the bound only keeps a stray caller from growing it without end. */
  private remembered(key: string, answer: () => string | boolean): string | boolean {
    const known = this.plain.get(key);
    if (known !== undefined) return known;
    const value = answer();
    if (this.plain.size < 10_000) this.plain.set(key, value);
    return value;
  }

  namespaces(): string[] {
    return [...(this.i18n.options.ns as string[])];
  }

  /** One namespace's raw messages, for completeness tests and for pages that list them. */
  bundle(locale: Locale, ns: string): Record<string, unknown> {
    return (this.i18n.getResourceBundle(locale, ns) as Record<string, unknown> | undefined) ?? {};
  }
}

let shared: Catalogs | undefined;

/** One catalog set per process: the files are read once. */
export function catalogs(): Catalogs {
  shared ??= new Catalogs();
  return shared;
}
