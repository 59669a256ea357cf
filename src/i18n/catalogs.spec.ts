import fc from 'fast-check';
import { Catalogs } from './catalogs.js';
import { LOCALES } from './locale.js';

describe('Catalogs', () => {
  const catalogs = new Catalogs();

  it('translates a common key in both locales', () => {
    expect(catalogs.t('en', 'language.name')).toBe('English');
    expect(catalogs.t('de', 'language.name')).toBe('Deutsch');
  });

  it('interpolates without escaping (templates escape)', () => {
    expect(catalogs.t('en', 'greeting', { name: 'Ada <3' })).toBe('Hello Ada <3,');
  });

  it('every English message exists in German', () => {
    const missing: string[] = [];
    const walk = (ns: string, path: string, value: unknown) => {
      if (value && typeof value === 'object') {
        for (const [key, child] of Object.entries(value)) walk(ns, path ? `${path}.${key}` : key, child);
      } else if (!catalogs.has('de', `${ns}:${path}`)) {
        missing.push(`${ns}:${path}`);
      }
    };
    for (const ns of catalogs.namespaces()) walk(ns, '', catalogs.bundle('en', ns));
    expect(missing).toEqual([]);
  });

  describe('its own interpolation answers exactly as i18next', () => {
    // Every message of every namespace, asked in both languages (German falls back to English),
    // with every placeholder it has given a value of any kind, including text that looks like
    // i18next syntax: what the fast path returns is compared with i18next's own `t`.
    const names = new Map<string, Set<string>>();
    const walk = (ns: string, path: string, value: unknown) => {
      if (value && typeof value === 'object') for (const [key, child] of Object.entries(value)) walk(ns, path ? `${path}.${key}` : key, child);
      else {
        const key = ns === 'common' ? path : `${ns}:${path}`;
        const known = names.get(key) ?? new Set<string>();
        for (const m of String(value).matchAll(/\{\{-?\s*(\w+)/g)) known.add(m[1]);
        names.set(key, known);
      }
    };
    for (const locale of LOCALES) for (const ns of catalogs.namespaces()) walk(ns, '', catalogs.bundle(locale, ns));
    const keys = [...names.keys()];
    const placeholders = (key: string) => [...names.get(key)!];
    const value = fc.oneof(fc.string(), fc.constantFrom('{{name}}', '$t(common:language.name)', '<b>x</b>', ''), fc.integer(), fc.boolean(), fc.constant(null));

    it('for every message in both locales', () => {
      expect(keys.length).toBeGreaterThan(100);
      fc.assert(
        fc.property(
          fc.constantFrom(...keys),
          fc.constantFrom(...LOCALES),
          fc.dictionary(fc.constantFrom('name', 'amount', 'x'), value),
          fc.array(value, { maxLength: 6 }),
          (key, locale, extra, values) => {
            const vars: Record<string, unknown> = { ...extra };
            placeholders(key).forEach((name, i) => (vars[name] = values[i] ?? `v${i}`));
            expect(catalogs.t(locale, key, vars)).toBe(catalogs.forLocale(locale)(key, vars));
          },
        ),
        { numRuns: 2000 },
      );
    });

    it('leaves to i18next what it does not handle: a missing value, a plural, a missing key', () => {
      const missing: string[] = [];
      const handler = (_text: string, match: RegExpExecArray) => (missing.push(match[1].trim()), '?');
      expect(catalogs.t('en', 'greeting', { missingInterpolationHandler: handler })).toBe(catalogs.forLocale('en')('greeting', { missingInterpolationHandler: handler }));
      expect(missing).toEqual(['name', 'name']);
      expect(catalogs.t('de', 'no.such.key', { defaultValue: 'fallback', name: 'x' })).toBe('fallback');
      const plural = keys.find((k) => k.endsWith('_other'));
      if (plural) {
        const base = plural.slice(0, -'_other'.length);
        expect(catalogs.t('en', base, { count: 2 })).toBe(catalogs.forLocale('en')(base, { count: 2 }));
      }
    });
  });
});
