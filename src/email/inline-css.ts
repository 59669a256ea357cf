import { createRequire } from 'node:module';
import type Juice from 'juice';

/**
 * juice (with its HTML and CSS parsers) is loaded on the first inlining, not at start (B6 warm
 * start: ~0.6 s of module loading an instance needs only once it renders an email). Synchronous,
 * as rendering is: Node 24 `require`s the ES module.
 */
const requireModule = createRequire(import.meta.url);
let loaded: typeof Juice | undefined;
function juice(html: string, options: Juice.Options): string {
  loaded ??= (requireModule('juice') as { default: typeof Juice }).default;
  return loaded(html, options);
}

/**
 * CSS inlining for the HTML parts, done once per compiled template instead of once per email
 * (juice parses the whole document: ~1–2 ms an email, more than everything else a render does).
 *
 * juice cannot parse a Handlebars source as it is: a `{{#each}}` between `<tbody>` and `<tr>` is
 * text where HTML allows none, and the parser would move it out of the table. So every mustache
 * becomes an HTML comment (or, inside a tag, a plain token), which the parser leaves in place,
 * and is put back afterwards. If inlining changed anything but `style` attributes, compiling
 * fails rather than sending broken markup.
 */
const OPTIONS: Juice.Options = {
  applyAttributesTableElements: false,
  applyWidthAttributes: false,
  applyHeightAttributes: false,
  removeStyleTags: true,
  preserveImportant: false,
};

const STYLE_BLOCK = /<style\b[^>]*>([\s\S]*?)<\/style>/gi;
const START = '<!--inline-start-->';
const END = '<!--inline-end-->';

/** The CSS of a source's `<style>` blocks. */
export function cssOf(html: string): string {
  return [...html.matchAll(STYLE_BLOCK)].map((m) => m[1]).join('\n');
}

/**
 * `source` with `css` (and its own `<style>` blocks) inlined. A fragment (a template's body, which
 * the layout wraps) is inlined inside `<td class="content">`, the element the layout puts it in,
 * so selectors such as `.content p` apply as they will in the sent email.
 */
export function inlineTemplate(source: string, css: string, { fragment }: { fragment: boolean }): string {
  const blocks: string[] = [];
  let inTag = false;
  const shielded = source.replace(/<!--[\s\S]*?-->|\{\{\{?[\s\S]*?\}?\}\}|[<>]/g, (m) => {
    if (m === '<' || m === '>') {
      inTag = m === '<';
      return m;
    }
    if (m.startsWith('<!--')) return m;
    const i = blocks.push(m) - 1;
    return inTag ? `hbs${i}hbs` : `<!--hbs${i}-->`;
  });
  const document = fragment
    ? `<!DOCTYPE html><html><head><style>${css}</style></head><body><table><tr><td class="content">${START}${shielded}${END}</td></tr></table></body></html>`
    : shielded;
  let inlined = juice(document, OPTIONS);
  if (fragment) inlined = inlined.slice(inlined.indexOf(START) + START.length, inlined.indexOf(END));
  const restored = inlined.replace(/<!--hbs(\d+)-->|hbs(\d+)hbs/g, (_m, a?: string, b?: string) => blocks[Number(a ?? b)]);
  const plain = (html: string) =>
    html
      .replace(STYLE_BLOCK, '')
      .replace(/ style="[^"]*"/g, '')
      .replace(/\s+/g, ' ')
      .trim();
  if (plain(restored) !== plain(source)) {
    const [was, is] = [plain(source), plain(restored)];
    let at = 0;
    while (was[at] === is[at]) at++;
    throw new Error(`CSS inlining would change the markup near "${was.slice(Math.max(0, at - 40), at + 40)}" → "${is.slice(Math.max(0, at - 40), at + 40)}"`);
  }
  return restored;
}

const fragments = new Map<string, string>();

/**
 * HTML that arrives in the props (a sponsor update's body) inlined at render time. A bulk
 * update sends the same body to every sponsor, so the last few results are remembered.
 */
export function inlineFragment(html: string, css: string): string {
  let inlined = fragments.get(html);
  if (inlined === undefined) {
    const out = juice(`<html><head><style>${css}</style></head><body><table><tr><td class="content">${START}${html}${END}</td></tr></table></body></html>`, OPTIONS);
    inlined = out.slice(out.indexOf(START) + START.length, out.indexOf(END));
    if (fragments.size >= 16) fragments.delete(fragments.keys().next().value!);
    fragments.set(html, inlined);
  }
  return inlined;
}
