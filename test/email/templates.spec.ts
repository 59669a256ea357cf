import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmailTemplate, LOCALES } from '../../src/email/email-template.js';
import { sampleProps } from '../../src/email/sample-props.js';
import { findTemplatesDir, TemplateError, TemplateRenderer } from '../../src/email/template-renderer.js';
import { Catalogs, catalogs, findLocalesDir } from '../../src/i18n/catalogs.js';
import { APP_URL, samples } from './email-kit.js';

const renderer = new TemplateRenderer();
const samplesIn = { en: samples, de: sampleProps(APP_URL, 'de') };
const context = { appUrl: APP_URL, orgName: 'Redox OS', unsubscribeUrl: `${APP_URL}/unsubscribe/abc.def` };
const cases = Object.values(EmailTemplate).flatMap((template) => LOCALES.map((locale) => [template, locale] as const));

describe('email templates', () => {
  it.each(cases)('%s (%s) renders subject, HTML and text with absolute links and nothing unresolved', (template, locale) => {
    const out = renderer.render(template, locale, samplesIn[locale][template], context);
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

  it("shows the application's own title in the HTML body, not the layout's page title", () => {
    // The layout partial's hash joins the body's context: it was once `title`, shadowing this prop.
    const out = renderer.render(EmailTemplate.ApplicationStatusChanged, 'en', samples[EmailTemplate.ApplicationStatusChanged], context);
    expect(out.html).toContain('your grant application “Unix-style signals for Redox” has moved on');
    expect(out.html).toContain('<title>News about your application</title>');
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
    expect(renderer.render(EmailTemplate.CallDeadlineReminder, 'en', samples[EmailTemplate.CallDeadlineReminder], context).text).toContain(
      'Details of the call: https://nlnet.nl/propose/',
    );
  });

  it.each(Object.values(EmailTemplate))('%s: the HTML part has its CSS inlined, no <style> left', (template) => {
    const out = renderer.render(template, 'de', samplesIn.de[template], context);
    expect(out.html).not.toMatch(/<style|<link/i);
    expect(out.html).toMatch(/<body style="[^"]*background: #f4f4f2/);
    for (const p of out.html.match(/<p\b[^>]*>/g)!) expect(p).toMatch(/style="[^"]*margin/);
    for (const a of out.html.match(/<a\b[^>]*>/g)!) expect(a).toMatch(/style="[^"]*color: #/);
    for (const button of out.html.match(/<a class="button"[^>]*>/g) ?? []) expect(button).toMatch(/style="display: inline-block; background: #1f5f8b; color: #ffffff;/);
    for (const th of out.html.match(/<th\b[^>]*>/g) ?? []) expect(th).toMatch(/style="[^"]*text-align: left/);
    // Markup in a message stays in HTML and never reaches the text part or the subject.
    expect(out.text + out.subject).not.toMatch(/<\/?(strong|a|p)\b/);
  });

  /**
   * Every English message of the `email` namespace (and the greeting) cut into its fixed phrases:
   * none may turn up in a German email, unless German words it the same way.
   */
  const englishOnly = (() => {
    const all = catalogs();
    const phrases = new Set<string>();
    const walk = (ns: string, path: string, value: unknown) => {
      if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(ns, path ? `${path}.${k}` : k, v);
      else if (typeof value === 'string' && value !== all.t('de', `${ns}:${path}`)) {
        for (const piece of value.split(/\{\{[^}]*\}\}|<[^>]*>/)) if (piece.trim().length >= 8) phrases.add(piece.trim());
      }
    };
    walk('email', '', all.bundle('en', 'email'));
    walk('common', 'greeting', all.bundle('en', 'common').greeting);
    for (const ns of ['areas', 'funds', 'channels']) walk(ns, '', all.bundle('en', ns));
    return [...phrases];
  })();

  it.each(Object.values(EmailTemplate))('%s: the German email is German (no English phrase of the catalogs left)', (template) => {
    const en = renderer.render(template, 'en', samplesIn.en[template], context);
    const de = renderer.render(template, 'de', samplesIn.de[template], context);
    expect(de.subject).not.toBe(en.subject);
    expect(de.text).not.toBe(en.text);
    expect(englishOnly.length).toBeGreaterThan(100);
    const leftovers = englishOnly.filter((phrase) => de.subject.includes(phrase) || de.text.includes(phrase) || de.html.includes(phrase));
    expect(leftovers).toEqual([]);
    expect(de.text).toMatch(/^Hallo /);
  });

  it('compiles every template (start-up only checks that the files are there)', () => {
    expect(() => new TemplateRenderer().compileAll()).not.toThrow();
  });

  it('names a template that does not compile, and refuses to start without a template file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'coffer-templates-'));
    try {
      cpSync(findTemplatesDir(), dir, { recursive: true });
      writeFileSync(join(dir, 'runway-alert', 'text.hbs'), '{{#if fund}}never closed');
      const broken = new TemplateRenderer(dir);
      expect(() => broken.compileAll()).toThrow(/Email template runway-alert\/text: /);
      expect(() => broken.render(EmailTemplate.RunwayAlert, 'en', samples[EmailTemplate.RunwayAlert], context)).toThrow(/runway-alert\/text/);
      rmSync(join(dir, 'runway-alert', 'text.hbs'));
      expect(() => new TemplateRenderer(dir)).toThrow('Email template runway-alert has no text.hbs');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names the missing message key instead of rendering a hole', () => {
    const dir = mkdtempSync(join(tmpdir(), 'coffer-templates-'));
    try {
      cpSync(findTemplatesDir(), dir, { recursive: true });
      writeFileSync(join(dir, 'runway-alert', 'subject.hbs'), '{{t "email:runway-alert.nope"}}');
      const broken = new TemplateRenderer(dir);
      expect(() => broken.render(EmailTemplate.RunwayAlert, 'de', samples[EmailTemplate.RunwayAlert], context)).toThrow(
        /runway-alert\/subject \(de\): no message email:runway-alert\.nope/,
      );
      writeFileSync(join(dir, 'runway-alert', 'subject.hbs'), '{{t "email:runway-alert.subject" fund=fund}}');
      expect(() => new TemplateRenderer(dir).render(EmailTemplate.RunwayAlert, 'en', samples[EmailTemplate.RunwayAlert], context)).toThrow(
        /email:runway-alert\.subject needs months/,
      );
      writeFileSync(join(dir, 'runway-alert', 'subject.hbs'), '{{t "email:runway-alert.subject" fund=fund months=nothingHere}}');
      expect(() => new TemplateRenderer(dir).render(EmailTemplate.RunwayAlert, 'en', samples[EmailTemplate.RunwayAlert], context)).toThrow(
        /"nothingHere" not defined \(for email:runway-alert\.subject\)/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('falls back to English key by key when German lacks a message', () => {
    const dir = mkdtempSync(join(tmpdir(), 'coffer-locales-'));
    try {
      cpSync(findLocalesDir(), dir, { recursive: true });
      const file = join(dir, 'de', 'email.json');
      const de = JSON.parse(readFileSync(file, 'utf8'));
      delete de['runway-alert'].subject;
      writeFileSync(file, JSON.stringify(de));
      const partial = new TemplateRenderer(findTemplatesDir(), new Catalogs(dir));
      const out = partial.render(EmailTemplate.RunwayAlert, 'de', samplesIn.de[EmailTemplate.RunwayAlert], context);
      expect(out.subject).toBe('Runway alert: Allgemeiner Fonds covers 4,5 months');
      expect(out.text).toMatch(/^Hallo Grace Hopper,\n\ndie Mittel in „Allgemeiner Fonds“/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps a value\'s own "<" in the text part while dropping the message\'s markup', () => {
    const props = { ...samples[EmailTemplate.RecurringDonationCancelled], fund: 'R&D <core>' };
    const out = renderer.render(EmailTemplate.RecurringDonationCancelled, 'en', props, context);
    expect(out.text).toContain('your monthly donation of €25.00 to “R&D <core>” has ended');
    expect(out.html).toContain('your monthly donation of <strong>€25.00</strong> to');
    expect(out.html).toContain('“R&amp;D &lt;core&gt;”');
  });

  it('words counts with the plural forms of each language', () => {
    const one = { ...samples[EmailTemplate.ReviewDigest], items: samples[EmailTemplate.ReviewDigest].items.slice(0, 1) };
    expect(renderer.render(EmailTemplate.ReviewDigest, 'en', one, context).subject).toBe('1 milestone is waiting for your review');
    expect(renderer.render(EmailTemplate.ReviewDigest, 'de', samples[EmailTemplate.ReviewDigest], context).subject).toBe('2 Meilensteine warten auf Ihre Prüfung');
    const tomorrow = { ...samples[EmailTemplate.CallDeadlineReminder], daysLeft: 1 };
    expect(renderer.render(EmailTemplate.CallDeadlineReminder, 'de', tomorrow, context).text).toContain('also schon morgen.');
  });
});
