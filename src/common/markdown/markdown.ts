import { convert } from 'html-to-text';
import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

/**
 * Markdown written by staff (sponsor updates, job postings) to HTML that is safe to put into an
 * email or a page, and to the plain-text part of an email. Raw HTML in the source is escaped by
 * the sanitiser's allow-list, never trusted: no scripts, styles, iframes, event handlers or
 * `javascript:` links, whoever wrote it.
 */
const marked = new Marked({ gfm: true, breaks: false, async: false });

const ALLOWED: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'strong', 'em', 'del', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a', 'h2', 'h3', 'h4', 'hr', 'table', 'thead', 'tbody', 'tr', 'th', 'td'],
  allowedAttributes: { a: ['href', 'title'], th: ['align'], td: ['align'] },
  allowedSchemes: ['https', 'http', 'mailto'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'escape',
  // A heading level 1 belongs to the page or email around it.
  transformTags: { h1: 'h2' },
};

export interface RenderedMarkdown {
  html: string;
  text: string;
}

export function markdownToSafeHtml(source: string): string {
  return sanitizeHtml(marked.parse(source) as string, ALLOWED);
}

export function renderMarkdown(source: string): RenderedMarkdown {
  const html = markdownToSafeHtml(source);
  const text = convert(html, {
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
