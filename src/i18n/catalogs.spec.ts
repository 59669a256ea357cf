import { Catalogs } from './catalogs.js';

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
});
