import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { shownStatusWording, WordingKind } from '../i18n/applicant-wording.js';
import type { PropsOf } from './email-props.js';
import { EmailTemplate, Locale, LOCALES } from './email-template.js';

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

/** What the mailer adds to every template's props. */
export interface MailerContext {
  appUrl: string;
  orgName: string;
  unsubscribeUrl?: string;
}

const PARTS = ['subject', 'html', 'text'] as const;
type Part = (typeof PARTS)[number];
type Compiled = Handlebars.TemplateDelegate;

export class TemplateError extends Error {
  readonly code = 'RENDER';
}

/** `templates/email` found upwards from this file, so it works from `src/` and `dist/src/` alike. */
export function findTemplatesDir(start = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, 'templates', 'email');
    if (existsSync(join(candidate, '_layout'))) return candidate;
    if (dirname(dir) === dir) throw new Error(`templates/email not found above ${start}`);
  }
}

/**
 * Compiles every template once, strictly: a variable missing from the props throws instead of
 * leaving an empty hole in someone's email. Subjects and text parts are not HTML-escaped; HTML
 * parts are. Rendering is apart from sending, so previews and tests use exactly this.
 */
export class TemplateRenderer {
  private readonly hbs = Handlebars.create();
  private readonly compiled = new Map<string, Compiled>();

  constructor(private readonly dir = findTemplatesDir()) {
    this.registerHelpers();
    this.hbs.registerPartial('layout', this.read('_layout', 'html.hbs'));
    this.hbs.registerPartial('layout-text', this.read('_layout', 'text.hbs'));
    for (const template of Object.values(EmailTemplate)) {
      for (const part of PARTS) {
        for (const locale of LOCALES) {
          const file = join(this.dir, template, `${part}.${locale}.hbs`);
          if (existsSync(file)) this.compiled.set(`${template}/${part}.${locale}`, this.compile(part, readFileSync(file, 'utf8')));
        }
        if (!this.compiled.has(`${template}/${part}.en`)) throw new Error(`Email template ${template} has no ${part}.en.hbs`);
      }
    }
  }

  /** Whether this template has its own file for this locale (else it falls back to `en`). */
  hasLocale(template: EmailTemplate, locale: Locale): boolean {
    return PARTS.every((part) => this.compiled.has(`${template}/${part}.${locale}`));
  }

  render<T extends EmailTemplate>(template: T, locale: Locale, props: PropsOf<T>, context: MailerContext): RenderedEmail {
    if (!this.compiled.has(`${template}/subject.en`)) throw new TemplateError(`Unknown email template ${String(template)}`);
    // Through JSON, as from the outbox's jsonb: a key set to undefined is simply absent.
    const plain = JSON.parse(JSON.stringify(props)) as object;
    rejectHoles(plain, 'props');
    const data = { ...plain, ...context, locale };
    const run = (part: Part) => {
      const fn = this.compiled.get(`${template}/${part}.${locale}`) ?? this.compiled.get(`${template}/${part}.en`)!;
      try {
        return fn(data, { allowProtoPropertiesByDefault: false });
      } catch (error) {
        throw new TemplateError(`${template}/${part}.${locale}: ${(error as Error).message.split('\n')[0]}`);
      }
    };
    return {
      subject: run('subject').replace(/\s+/g, ' ').trim(),
      html: run('html').trim() + '\n',
      text: run('text').replace(/[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n').trim() + '\n',
    };
  }

  private compile(part: Part, source: string): Compiled {
    return this.hbs.compile(source, { strict: true, noEscape: part !== 'html' });
  }

  private read(...path: string[]): string {
    return readFileSync(join(this.dir, ...path), 'utf8');
  }

  private registerHelpers(): void {
    this.hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
    // Handlebars calls helpers with their options object last.
    const localeOf = (options: Handlebars.HelperOptions) => options.data.root.locale as Locale;
    this.hbs.registerHelper('statusLabel', (kind: WordingKind, status: string, fallback: string, options: Handlebars.HelperOptions) =>
      shownStatusWording(kind, status, localeOf(options))?.label ?? fallback,
    );
    this.hbs.registerHelper('statusNext', (kind: WordingKind, status: string, options: Handlebars.HelperOptions) =>
      shownStatusWording(kind, status, localeOf(options))?.next ?? '',
    );
  }
}

/**
 * Strict mode catches a missing key, but a key holding null or undefined would still render as
 * nothing. Optional props are left out instead, which the templates test with `{{#if}}`.
 */
function rejectHoles(value: unknown, path: string): void {
  if (value === null || value === undefined) throw new TemplateError(`${path} is ${value}; leave optional props out instead`);
  if (Array.isArray(value)) value.forEach((item, i) => rejectHoles(item, `${path}[${i}]`));
  else if (typeof value === 'object') for (const [k, v] of Object.entries(value)) rejectHoles(v, `${path}.${k}`);
}
