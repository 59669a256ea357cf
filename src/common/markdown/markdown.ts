import { createRequire } from 'node:module';
import type * as HtmlToText from 'html-to-text';
import type * as MarkedModule from 'marked';
import type SanitizeHtml from 'sanitize-html';

/**
 * Markdown written by staff (sponsor updates, job postings) to HTML that is safe to put into an
 * email or a page, and to the plain-text part of an email. Raw HTML in the source is escaped by
 * the sanitiser's allow-list, never trusted: no scripts, styles, iframes, event handlers or
 * `javascript:` links, whoever wrote it.
 */
const ALLOWED: SanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'strong', 'em', 'del', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a', 'h2', 'h3', 'h4', 'hr', 'table', 'thead', 'tbody', 'tr', 'th', 'td'],
  allowedAttributes: { a: ['href', 'title'], th: ['align'], td: ['align'] },
  allowedSchemes: ['https', 'http', 'mailto'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'escape',
  // A heading level 1 belongs to the page or email around it.
  transformTags: { h1: 'h2' },
};

/**
 * The three libraries (with htmlparser2, postcss and their entity tables) are loaded on the first
 * render, not at start: evaluating them was ~10 % of a warm start's main thread (B6), for text an
 * instance renders only when staff save an update or a job posting. Synchronous, as rendering is
 * (Node 24 `require`s the ES modules among them); outside the server bundle, as juice is.
 */
const requireModule = createRequire(import.meta.url);
let libraries: { marked: MarkedModule.Marked; sanitize: typeof SanitizeHtml; convert: typeof HtmlToText.convert } | undefined;
function load(): NonNullable<typeof libraries> {
  if (!libraries) {
    const { Marked } = requireModule('marked') as typeof MarkedModule;
    libraries = {
      marked: new Marked({ gfm: true, breaks: false, async: false }),
      sanitize: requireModule('sanitize-html') as typeof SanitizeHtml,
      convert: (requireModule('html-to-text') as typeof HtmlToText).convert,
    };
  }
  return libraries;
}

export interface RenderedMarkdown {
  html: string;
  text: string;
}

export function markdownToSafeHtml(source: string): string {
  const { marked, sanitize } = load();
  return sanitize(marked.parse(source) as string, ALLOWED);
}

export function renderMarkdown(source: string): RenderedMarkdown {
  const html = markdownToSafeHtml(source);
  const text = load().convert(html, {
    wordwrap: 78,
    selectors: [
      { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
      { selector: 'h2', options: { uppercase: false } },
      { selector: 'h3', options: { uppercase: false } },
      { selector: 'table', format: 'dataTable' },
    ],
  });
  return { html, text };
}
