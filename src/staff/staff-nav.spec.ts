import { catalogs } from '../i18n/catalogs.js';
import { LOCALES } from '../i18n/locale.js';
import { STAFF_NAV } from './staff-render.service.js';

describe('the staff navigation', () => {
  it.each(LOCALES)('names every entry differently in %s', (locale) => {
    // German once showed "Stellen" twice (the roles and the hiring pages): a reader cannot tell them apart.
    const labels = STAFF_NAV.map((item) => catalogs().t(locale, item.label));
    expect(new Set(labels).size).toBe(labels.length);
    expect(labels.every((label) => label.length > 0 && !label.includes(':nav.'))).toBe(true);
  });
});
