import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { shownStatusWording, WordingKind } from '../i18n/applicant-wording.js';
import { Catalogs, catalogs } from '../i18n/catalogs.js';
import type { PropsOf } from './email-props.js';
import { EmailTemplate, Locale } from './email-template.js';
import { cssOf, inlineFragment, inlineTemplate } from './inline-css.js';

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
type CompileOptions = Parameters<typeof Handlebars.compile>[1];

const MISSING = '\u0000missing message\u0000';

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
 * Compiles each template once, on its first render, strictly: a variable missing from the props,
 * or a message key missing from the catalogs, throws instead of leaving a hole in someone's email.
 * One template per email and part; its words come from the `email` catalog in the recipient's
 * language (`{{t "email:key" var=value}}`), so a translation is a catalog file, not a copy of the
 * template. Subjects and text parts are not HTML-escaped; HTML parts are, and the layout's <style>
 * block is inlined into them by juice when they are compiled (`inline-css.ts`). Rendering is apart
 * from sending, so previews and tests use exactly this.
 *
 * Start-up only checks that every template's files are there (B6 warm start: compiling and juice
 * cost ~0.7 s, at every start, for emails most instances send minutes later); `compileAll()`,
 * which the template tests call, finds a template that does not compile.
 */
export class TemplateRenderer {
  private readonly hbs = Handlebars.create();
  private readonly compiled = new Map<string, Compiled>();
  private css: string | undefined;

  constructor(
    private readonly dir = findTemplatesDir(),
    private readonly messages: Catalogs = catalogs(),
  ) {
    for (const file of [join('_layout', 'html.hbs'), join('_layout', 'text.hbs')]) {
      if (!existsSync(join(this.dir, file))) throw new Error(`Email layout ${file} is missing in ${this.dir}`);
    }
    for (const template of Object.values(EmailTemplate)) {
      for (const part of PARTS) {
        if (!existsSync(this.fileOf(template, part))) throw new Error(`Email template ${template} has no ${part}.hbs`);
      }
    }
  }

  /** Compiles every template now (the tests do: a template that does not compile fails them). */
  compileAll(): void {
    for (const template of Object.values(EmailTemplate)) for (const part of PARTS) this.compiledPart(template, part);
  }

  render<T extends EmailTemplate>(template: T, locale: Locale, props: PropsOf<T>, context: MailerContext): RenderedEmail {
    if (!(Object.values(EmailTemplate) as string[]).includes(template)) throw new TemplateError(`Unknown email template ${String(template)}`);
    // Compiled before the props are looked at, so a broken template is named as such.
    for (const part of PARTS) this.compiledPart(template, part);
    // Through JSON, as from the outbox's jsonb: a key set to undefined is simply absent.
    const plain = JSON.parse(JSON.stringify(props)) as object;
    rejectHoles(plain, 'props');
    const data = { ...plain, ...context, locale };
    const run = (part: Part) => {
      try {
        // `@part` tells the `t` helper whether to escape and keep markup (html) or strip it.
        return this.compiledPart(template, part)(data, { allowProtoPropertiesByDefault: false, data: { part } });
      } catch (error) {
        throw new TemplateError(`${template}/${part} (${locale}): ${(error as Error).message.split('\n')[0]}`);
      }
    };
    return {
      subject: run('subject').replace(/\s+/g, ' ').trim(),
      html: run('html').trim() + '\n',
      text:
        run('text')
          .replace(/[ \t]+\n/g, '\n')
          .replace(/\n{3,}/g, '\n\n')
          .trim() + '\n',
    };
  }

  private fileOf(template: EmailTemplate, part: Part): string {
    return join(this.dir, template, `${part}.hbs`);
  }

  /** The layout's CSS, with the helpers and layout partials registered: the first compile does it. */
  private layoutCss(): string {
    if (this.css === undefined) {
      const layout = this.read('_layout', 'html.hbs');
      const css = cssOf(layout);
      this.registerHelpers();
      this.hbs.registerPartial('layout', inlineTemplate(layout, css, { fragment: false }));
      this.hbs.registerPartial('layout-text', this.read('_layout', 'text.hbs'));
      this.css = css;
    }
    return this.css;
  }

  private compiledPart(template: EmailTemplate, part: Part): Compiled {
    const key = `${template}/${part}`;
    let compiled = this.compiled.get(key);
    if (!compiled) {
      const css = this.layoutCss();
      const source = readFileSync(this.fileOf(template, part), 'utf8');
      try {
        const ready = part === 'html' ? inlineTemplate(source, css, { fragment: true }) : source;
        // Handlebars compiles on the first call; parsing now names a syntax error here.
        this.hbs.parse(ready);
        compiled = this.compile(part, ready);
      } catch (error) {
        throw new Error(`Email template ${template}/${part}: ${(error as Error).message}`);
      }
      this.compiled.set(key, compiled);
    }
    return compiled;
  }

  private compile(part: Part, source: string): Compiled {
    // trackIds (missing from the typings) gives helpers the names of the props they were passed.
    return this.hbs.compile(source, { strict: true, noEscape: part !== 'html', trackIds: true } as CompileOptions);
  }

  private read(...path: string[]): string {
    return readFileSync(join(this.dir, ...path), 'utf8');
  }

  private registerHelpers(): void {
    this.hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
    // Handlebars calls helpers with their options object last.
    const localeOf = (options: Handlebars.HelperOptions) => options.data.root.locale as Locale;
    this.hbs.registerHelper(
      'statusLabel',
      (kind: WordingKind, status: string, fallback: string, options: Handlebars.HelperOptions) => shownStatusWording(kind, status, localeOf(options))?.label ?? fallback,
    );
    this.hbs.registerHelper(
      'statusNext',
      (kind: WordingKind, status: string, options: Handlebars.HelperOptions) => shownStatusWording(kind, status, localeOf(options))?.next ?? '',
    );
    // HTML from the props (a sponsor update's body) gets the layout's styles too.
    this.hbs.registerHelper('inlineCss', (html: string) => new Handlebars.SafeString(inlineFragment(html, this.layoutCss())));
    this.hbs.registerHelper('t', (key: string, options: Handlebars.HelperOptions) => this.translate(key, localeOf(options), options));
  }

  /**
   * `{{t "email:key" name=value}}`: the message in the recipient's language (English where German
   * lacks it). Messages may hold a little markup (`<strong>`): HTML parts keep it and escape the
   * values; subjects and text parts drop it and keep the values as they are.
   */
  private translate(key: string, locale: Locale, options: Handlebars.HelperOptions & { hashIds?: Record<string, unknown> }): string | Handlebars.SafeString {
    const html = options.data.part === 'html';
    const vars: Record<string, unknown> = {};
    const kept: string[] = [];
    for (const [name, value] of Object.entries(options.hash as Record<string, unknown>)) {
      // `hashIds` (compiled with trackIds) names the prop the template passed, as strict mode would.
      if (value === undefined || value === null) {
        const prop = options.hashIds?.[name];
        throw new Error(`"${typeof prop === 'string' ? prop : name}" not defined (for ${key})`);
      }
      if (typeof value !== 'string') vars[name] = value;
      else if (html) vars[name] = Handlebars.escapeExpression(value);
      // Outside HTML the markup is stripped after interpolation, so values go in as placeholders.
      else vars[name] = `\u0000${kept.push(value) - 1}\u0000`;
    }
    let message = this.messages.t(locale, key, {
      ...vars,
      // What i18next answers when neither the locale nor English has the key (or plural form).
      defaultValue: MISSING,
      missingInterpolationHandler: (_text: string, match: RegExpExecArray) => {
        throw new Error(`${key} needs ${match[1].trim()}`);
      },
    });
    if (message === MISSING) throw new Error(`no message ${key} in the catalogs`);
    if (!html) message = message.replace(/<[^>]*>/g, '').replace(/\u0000(\d+)\u0000/g, (_m, i: string) => kept[Number(i)]);
    return html ? new Handlebars.SafeString(message) : message;
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
