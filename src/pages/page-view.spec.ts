import Handlebars from 'handlebars';
import { catalogs } from '../i18n/catalogs.js';
import { messageWithVars, pageHelpers } from './page-view.js';

/** The helpers remember answers (B7): a remembered answer must be the one i18next and Intl give. */
describe('page helpers remember what they answered', () => {
  const hb = Handlebars.create();
  for (const [name, helper] of Object.entries(pageHelpers())) hb.registerHelper(name, helper);
  const render = (source: string, model: Record<string, unknown>) => hb.compile(source)(model);

  it('a message with variables: the same as i18next for each count and locale, asked twice', () => {
    for (const locale of ['en', 'de'] as const) {
      for (const count of [0, 1, 2, 1, 0]) {
        const expected = catalogs().t(locale, 'staff-admin:users.caption', { count });
        expect(messageWithVars(locale, 'staff-admin:users.caption', { count })).toBe(expected);
        expect(render('{{t "staff-admin:users.caption" count=n}}', { locale, n: count })).toBe(Handlebars.escapeExpression(expected));
      }
    }
    // Values that differ only in how they would be joined stay apart.
    expect(messageWithVars('en', 'staff:session.signedInAs', { name: 'a","b' })).toBe(catalogs().t('en', 'staff:session.signedInAs', { name: 'a","b' }));
    expect(messageWithVars('en', 'staff:session.signedInAs', { name: 'a' })).toBe(catalogs().t('en', 'staff:session.signedInAs', { name: 'a' }));
  });

  it('a value that is no string, number or boolean is not remembered but still answered', () => {
    const expected = catalogs().t('en', 'staff-admin:users.caption', { count: undefined });
    expect(messageWithVars('en', 'staff-admin:users.caption', { count: undefined })).toBe(expected);
  });

  it('plain messages per locale, dates and amounts: the same on the first and the second call', () => {
    const source = '{{t "site.name"}}|{{t "staff:session.signOut"}}|{{date d}}|{{date i}}|{{money a "EUR"}}';
    const instant = new Date('2026-11-30T22:00:00Z');
    for (const locale of ['en', 'de']) {
      const first = render(source, { locale, d: '2027-03-31', i: instant, a: '123456' });
      expect(render(source, { locale, d: '2027-03-31', i: instant, a: '123456' })).toBe(first);
      expect(first).toContain(locale === 'en' ? 'March 31, 2027' : '31. März 2027');
      expect(first).toContain(locale === 'en' ? '€1,234.56' : '1.234,56\u00a0€');
      expect(first).toContain(Handlebars.escapeExpression(catalogs().t(locale as 'en', 'staff:session.signOut')));
    }
  });
});
