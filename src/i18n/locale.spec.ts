import { negotiateLocale } from './locale.js';

describe('negotiateLocale', () => {
  it.each([
    [undefined, 'en'],
    ['', 'en'],
    ['de', 'de'],
    ['de-AT,de;q=0.9', 'de'],
    ['de;q=0.1, en', 'en'],
    ['fr, de;q=0.5', 'de'],
    ['fr', 'en'],
    ['*', 'en'],
    ['en-GB;q=0.8, de;q=0.9', 'de'],
  ])('%j → %s', (header, expected) => {
    expect(negotiateLocale(header)).toBe(expected);
  });
});
