import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyViewOptions } from '@fastify/view';
import Handlebars from 'handlebars';
import { catalogs } from '../i18n/catalogs.js';
import { isLocale, type Locale, DEFAULT_LOCALE } from '../i18n/locale.js';
import * as format from './page-format.js';

/** `templates/pages` found upwards from this file, so it works from `src/` and `dist/src/` alike. */
export function findPagesDir(start = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, 'templates', 'pages');
    if (existsSync(join(candidate, 'layout.hbs'))) return candidate;
    if (dirname(dir) === dir) throw new Error(`templates/pages not found above ${start}`);
  }
}

type HelperOptions = Handlebars.HelperOptions;

const plainMessages = new Map<Locale, Map<string, string>>();

/** Above this many entries a memo starts again: the keys carry values from the data (names, amounts). */
const MEMO_LIMIT = 5000;

function remember<T>(memo: Map<string, T>, key: string, make: () => T): T {
  let value = memo.get(key);
  if (value === undefined) {
    value = make();
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(key, value);
  }
  return value;
}

const varMessages = new Map<string, string>();

/**
 * A message with variables, in `locale`. Catalogs never change after start, so for the same key
 * and the same variable values i18next always answers the same: the answer is remembered when
 * every value is a string, a finite number or a boolean (a page asks for the signed-in line, the
 * title and each caption on every request, and i18next's interpolation and plural passes cost
 * more than the rest of those lines; Catalogs answers plain placeholders itself, plurals still
 * take i18next's path). Anything else is asked anew each time.
 */
export function messageWithVars(locale: Locale, key: string, vars: Record<string, unknown>): string {
  for (const name in vars) {
    const value = vars[name];
    const type = typeof value;
    if (type !== 'string' && type !== 'boolean' && !(type === 'number' && Number.isFinite(value))) return catalogs().t(locale, key, { ...vars });
  }
  // JSON keeps the parts apart whatever the values contain.
  return remember(varMessages, JSON.stringify([locale, key, vars]), () => catalogs().t(locale, key, { ...vars }));
}

const dates = new Map<string, string>();
const amounts = new Map<string, string>();

/** Whether a helper's hash has any entry (without building the list of its keys). */
function hasAny(hash: object): boolean {
  for (const _ in hash) return true;
  return false;
}

/** The page's locale, which the page-render service always puts at the root of the model. */
const localeOf = (options: HelperOptions): Locale => {
  const locale = (options.data as { root?: { locale?: unknown } }).root?.locale;
  return isLocale(locale) ? locale : DEFAULT_LOCALE;
};

/**
 * The helpers every page template may use. All of them return plain strings, which Handlebars
 * escapes; none returns a SafeString, so no helper can inject markup.
 */
export function pageHelpers(): Record<string, Handlebars.HelperDelegate> {
  return {
    /** `{{t "pages:home.title" currency="EUR"}}`; a key without namespace is read in `pages`. */
    t(key: string, options: HelperOptions) {
      const locale = localeOf(options);
      if (hasAny(options.hash)) return messageWithVars(locale, key.includes(':') ? key : `pages:${key}`, options.hash as Record<string, unknown>);
      // Catalogs are read once per process, so a message without variables never changes; a page
      // asks for dozens and i18next's lookup costs more than the rest of the render. Kept per
      // locale under the template's own key, so a hit builds no string.
      let messages = plainMessages.get(locale);
      if (!messages) {
        messages = new Map();
        plainMessages.set(locale, messages);
      }
      let text = messages.get(key);
      if (text === undefined) {
        text = catalogs().t(locale, key.includes(':') ? key : `pages:${key}`);
        messages.set(key, text);
      }
      return text;
    },
    // Formatting through Intl costs microseconds a call and a list page shows dozens: the same
    // amount or date in the same locale is remembered (strings in, the same string out).
    money(amount: number | string, currency: string, options: HelperOptions) {
      const locale = localeOf(options);
      if (typeof currency !== 'string' || (typeof amount !== 'string' && typeof amount !== 'number')) return format.money(amount, currency, locale);
      return remember(amounts, `${locale}|${currency}|${amount}`, () => format.money(amount, currency, locale));
    },
    number: (value: number, options: HelperOptions) => format.number(value, localeOf(options)),
    date(value: Date | string, options: HelperOptions) {
      if (!value) return '';
      const locale = localeOf(options);
      const key = typeof value === 'string' ? value : value instanceof Date && !Number.isNaN(value.getTime()) ? `@${value.getTime()}` : undefined;
      return key === undefined ? format.date(value, locale) : remember(dates, `${locale}|${key}`, () => format.date(value, locale));
    },
    month: (value: string, options: HelperOptions) => format.month(value, localeOf(options)),
    /** Builds a catalog key or an id from parts: `(concatKey "channel." code)`. */
    concatKey: (...parts: unknown[]) => parts.slice(0, -1).join(''),
    eq: (a: unknown, b: unknown) => a === b,
    includes: (list: unknown, value: unknown) => Array.isArray(list) && list.includes(value),
    /** `aria-describedby` ids of a field's hint and error, only those present. */
    describedBy(id: string, hint: unknown, error: unknown) {
      return [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
    },
  };
}

/** Every `partials/*.hbs` by file name: `{{> field-text …}}`, `{{#> form …}}…{{/form}}`. */
function partials(root: string): Record<string, string> {
  const dir = join(root, 'partials');
  return Object.fromEntries(
    readdirSync(dir)
      .filter((f) => f.endsWith('.hbs'))
      .map((f) => [f.slice(0, -4), `partials/${f}`]),
  );
}

/**
 * `@fastify/view` with its own Handlebars instance (the email renderer keeps another), one layout
 * and the partials. Compiled templates are cached (production mode): a page costs a render, not
 * a file read. The layout's `{{{body}}}` is the one reviewed triple-stash: it is the already
 * escaped output of the page template.
 */
export function pageViewOptions(): FastifyViewOptions {
  const root = findPagesDir();
  const handlebars = Handlebars.create();
  const helpers = pageHelpers();
  for (const [name, helper] of Object.entries(helpers)) handlebars.registerHelper(name, helper);
  // Known helpers are called directly by the compiled code instead of being looked up on the
  // context first; `if`, `each`, `with`, `unless`, `lookup` are Handlebars' own.
  const knownHelpers = Object.fromEntries(Object.keys(helpers).map((name) => [name, true]));
  // preventIndent: a partial called on an indented line would otherwise indent every line it
  // outputs, including the lines of a textarea's value (an applicant's text came back altered).
  return {
    engine: { handlebars },
    root,
    layout: 'layout.hbs',
    viewExt: 'hbs',
    production: true,
    propertyName: 'view',
    options: { partials: partials(root), compileOptions: { knownHelpers, knownHelpersOnly: true, preventIndent: true } },
  };
}
