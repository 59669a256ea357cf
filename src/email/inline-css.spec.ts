import { cssOf, inlineFragment, inlineTemplate } from './inline-css.js';

const css = '.content p { margin: 0 0 16px; } .lines td { padding: 6px; } a.button { color: #fff; }';

describe('inlineTemplate', () => {
  it('inlines around Handlebars blocks without moving them out of tables or attributes', () => {
    const source = '<table class="lines"><tbody>{{#each lines}}<tr><td>{{date}}</td></tr>{{/each}}</tbody></table>\n<p><a class="button" href="{{url}}">{{t "email:x"}}</a></p>';
    expect(inlineTemplate(source, css, { fragment: true })).toBe(
      '<table class="lines"><tbody>{{#each lines}}<tr><td style="padding: 6px;">{{date}}</td></tr>{{/each}}</tbody></table>\n' +
        '<p style="margin: 0 0 16px;"><a class="button" href="{{url}}" style="color: #fff;">{{t "email:x"}}</a></p>',
    );
  });

  it('inlines a whole document with its own <style> and removes the block', () => {
    const layout = '<!DOCTYPE html>\n<html lang="{{locale}}"><head><style>body { margin: 0; }</style></head><body>{{> @partial-block }}</body></html>';
    const out = inlineTemplate(layout, cssOf(layout), { fragment: false });
    expect(out).toContain('<html lang="{{locale}}">');
    expect(out).toContain('<body style="margin: 0;">{{> @partial-block }}</body>');
    expect(out).not.toContain('<style');
  });

  it('refuses a template whose markup the HTML parser would rearrange', () => {
    expect(() => inlineTemplate('<p>{{intro}}<div>block in a paragraph</div></p>', css, { fragment: true })).toThrow(/CSS inlining would change the markup/);
  });
});

describe('inlineFragment', () => {
  it('styles HTML from the props (a sponsor update body) and answers repeats from memory', () => {
    const body = '<p>Thanks to <a class="button" href="https://x.test">you</a></p>';
    const first = inlineFragment(body, css);
    expect(first).toBe('<p style="margin: 0 0 16px;">Thanks to <a class="button" href="https://x.test" style="color: #fff;">you</a></p>');
    expect(inlineFragment(body, css)).toBe(first);
  });
});
