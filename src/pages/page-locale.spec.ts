import type { Locale } from '../i18n/locale.js';
import { languageSwitchUrl } from './page-locale.js';

/** What the switch link was before the string fast path: URL's own reading of the address. */
const viaUrl = (url: string, locale: Locale) => {
  const parsed = new URL(url, 'http://page.invalid');
  parsed.searchParams.set('lang', locale);
  return `${parsed.pathname}${parsed.search}`;
};

describe('the language switch link', () => {
  it.each([
    '/',
    '/interest',
    '/jobs/7f0c2b7e-2a7d-4a43-9a55-0a3d4a1f8f11/apply',
    '/donate/thanks?session=cs_test_123',
    '/interest?lang=en',
    '/interest?x=1&lang=en&y=2',
    '/interest?',
    '/staff/audit?page=2&verify=1',
    '//evil.example/path',
    '/\\evil.example',
    '/a/../b?q=1',
    '/search?q=a+b%20c',
    '/x?q=1#frag',
    '/ümlaut',
    "/o'brien?x=it's",
    '/p?a&b=1',
    '/p?a=1&&b=2',
    '/p?=1',
    '/p/./q',
  ])('%s gives the same link as URL would', (url) => {
    expect(languageSwitchUrl(url, 'de')).toBe(viaUrl(url, 'de'));
  });
});
