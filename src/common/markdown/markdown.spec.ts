import { markdownToSafeHtml, renderMarkdown } from './markdown.js';

describe('renderMarkdown', () => {
  it('renders the common Markdown of an update', () => {
    const { html, text } = renderMarkdown(
      '# News\n\nSignals now work across **exec**. See [the PR](https://gitlab.redox-os.org/redox-os/kernel/-/merge_requests/1).\n\n- one\n- two',
    );
    expect(html).toContain('<h2>News</h2>');
    expect(html).toContain('<strong>exec</strong>');
    expect(html).toContain('<a href="https://gitlab.redox-os.org/redox-os/kernel/-/merge_requests/1">the PR</a>');
    expect(text).toContain('Signals now work across exec.');
    expect(text).toMatch(/the PR\s+\[https:\/\/gitlab.redox-os.org\/redox-os\/kernel\/-\/merge_requests\/1\]/);
    expect(text).toMatch(/\* one\n \* two/);
  });

  it.each([
    ['<script>alert(1)</script>', '<script'],
    ['<img src=x onerror=alert(1)>', 'onerror='],
    ['[click](javascript:alert(1))', 'javascript:'],
    ['<a href="https://ex.org" onclick="x()">a</a>', 'onclick'],
    ['<iframe src="https://ex.org"></iframe>', '<iframe'],
    ['<style>body{}</style>', '<style'],
    ['[x](//evil.example/)', 'href="//'],
  ])('neutralises %s', (source, forbidden) => {
    expect(markdownToSafeHtml(source)).not.toContain(forbidden);
  });
});
