import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmailTemplate, LOCALES } from '../../src/email/email-template.js';
import { findTemplatesDir, TemplateError, TemplateRenderer } from '../../src/email/template-renderer.js';
import { APP_URL, samples } from './email-kit.js';

const renderer = new TemplateRenderer();
const context = { appUrl: APP_URL, orgName: 'Redox OS', unsubscribeUrl: `${APP_URL}/unsubscribe/abc.def` };
const cases = Object.values(EmailTemplate).flatMap((template) => LOCALES.map((locale) => [template, locale] as const));

describe('email templates', () => {
  it.each(cases)('%s (%s) renders subject, HTML and text with absolute links and nothing unresolved', (template, locale) => {
    expect(renderer.hasLocale(template, locale)).toBe(true);
    const out = renderer.render(template, locale, samples[template], context);
    expect(out.subject.length).toBeGreaterThan(5);
    expect(out.subject).not.toMatch(/\n/);
    expect(out.html).toMatch(new RegExp(`^<!DOCTYPE html>\\s*<html lang="${locale}">`));
    expect(out.text.length).toBeGreaterThan(80);
    for (const part of [out.subject, out.html, out.text]) {
      expect(part).not.toMatch(/\{\{|\}\}|undefined|\[object Object\]|NaN/);
    }
    const hrefs = [...out.html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    expect(hrefs.length).toBeGreaterThan(0);
    for (const href of hrefs) expect(href).toMatch(/^https?:\/\/[^/]/);
    // Every link of the HTML part is also readable in the text part.
    for (const href of new Set(hrefs)) expect(out.text).toContain(href.replace(/&amp;/g, '&'));
    expect(out.text).toContain(context.unsubscribeUrl);
  });

  it('words German emails in German, not English', () => {
    const de = renderer.render(EmailTemplate.ApplicationStatusChanged, 'de', samples[EmailTemplate.ApplicationStatusChanged], context);
    expect(de.subject).toBe('Ihr Antrag „Unix-style signals for Redox“: zur Förderung ausgewählt');
    expect(de.text).toMatch(/^Hallo Ada Lovelace,/);
    expect(de.text).toContain('Solche E-Mails abbestellen');
  });

  it('escapes props in HTML but not in the text part', () => {
    const props = { ...samples[EmailTemplate.InterestReceived], name: 'Ada <script>alert(1)</script> & Co' };
    const out = renderer.render(EmailTemplate.InterestReceived, 'en', props, context);
    expect(out.html).toContain('Ada &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co');
    expect(out.html).not.toContain('<script>');
    expect(out.text).toContain('Hello Ada <script>alert(1)</script> & Co,');
  });

  it('leaves out the unsubscribe footer when there is no link (transactional mail)', () => {
    const out = renderer.render(EmailTemplate.MilestoneDecision, 'en', samples[EmailTemplate.MilestoneDecision], { appUrl: APP_URL, orgName: 'Redox OS' });
    expect(out.text).not.toMatch(/unsubscribe/i);
    expect(out.html).not.toMatch(/unsubscribe/i);
  });

  it.each([
    ['a missing variable', (p: Record<string, unknown>) => delete p.statusUrl, /statusUrl/],
    ['a null variable', (p: Record<string, unknown>) => (p.name = null), /props\.name is null/],
    ['a null inside a list', (p: Record<string, unknown>) => (p.areas = ['Unix signals', null]), /props\.areas\[1\] is null/],
  ])('refuses to render with %s instead of leaving a hole', (_name, spoil, message) => {
    const props: Record<string, unknown> = structuredClone(samples[EmailTemplate.InterestReceived]);
    spoil(props);
    expect(() => renderer.render(EmailTemplate.InterestReceived, 'en', props as never, context)).toThrow(TemplateError);
    expect(() => renderer.render(EmailTemplate.InterestReceived, 'en', props as never, context)).toThrow(message);
  });

  it('renders optional props only when present', () => {
    const { url: _url, ...withoutUrl } = samples[EmailTemplate.CallDeadlineReminder];
    const out = renderer.render(EmailTemplate.CallDeadlineReminder, 'en', withoutUrl, context);
    expect(out.text).not.toContain('Details of the call');
    expect(renderer.render(EmailTemplate.CallDeadlineReminder, 'en', samples[EmailTemplate.CallDeadlineReminder], context).text).toContain('Details of the call: https://nlnet.nl/propose/');
  });

  it('falls back to English for a locale a template does not have', () => {
    const dir = mkdtempSync(join(tmpdir(), 'coffer-templates-'));
    try {
      cpSync(findTemplatesDir(), dir, { recursive: true });
      for (const part of ['subject', 'html', 'text']) rmSync(join(dir, 'runway-alert', `${part}.de.hbs`));
      const partial = new TemplateRenderer(dir);
      expect(partial.hasLocale(EmailTemplate.RunwayAlert, 'de')).toBe(false);
      const out = partial.render(EmailTemplate.RunwayAlert, 'de', samples[EmailTemplate.RunwayAlert], context);
      expect(out.subject).toBe('Runway alert: General fund covers 4.5 months');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
