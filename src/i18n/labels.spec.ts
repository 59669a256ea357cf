import { catalogLabel } from './labels.js';

describe('catalogLabel', () => {
  it.each([
    ['de', 'areas', 'unix-signals', 'Unix signals', 'Unix-Signale'],
    ['en', 'areas', 'unix-signals', 'Unix signals', 'Unix signals'],
    ['de', 'areas', 'a-new-area', 'A new area', 'A new area'],
    ['de', 'funds', 'general', 'General fund', 'Allgemeiner Fonds'],
    ['de', 'funds', 'general', 'Operating fund', 'Operating fund'],
    ['de', 'funds', 'travel', 'Travel fund', 'Travel fund'],
    ['de', 'channels', 'bank', undefined, 'Banküberweisung'],
    ['en', 'channels', 'stripe', undefined, 'card (Stripe)'],
    ['de', 'channels', 'carrier-pigeon', undefined, 'carrier-pigeon'],
  ] as const)('%s %s:%s (stored %j) → %s', (locale, kind, code, stored, expected) => {
    expect(catalogLabel(locale, kind, code, stored)).toBe(expected);
  });
});
