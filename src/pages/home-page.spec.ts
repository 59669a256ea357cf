import type { PublicSummary } from '../public/public-summary.js';
import { homeModel } from './home-page.js';

const summary = (donationsByMonth: PublicSummary['donationsByMonth']): PublicSummary => ({
  baseCurrency: 'EUR',
  period: { from: '2025-12-01', to: '2026-11-30' },
  donationsByMonth,
  sponsors: 3,
  publicSponsors: [],
  spending: {
    byCategory: [
      { category: 'fees:stripe', currency: 'EUR', amount: 801, baseAmount: 801 },
      { category: 'travel', currency: 'EUR', amount: 5000, baseAmount: 5000 },
    ],
    byRole: [],
  },
  roles: [],
  grants: [],
  funds: [{ code: 'general', name: 'General fund', restricted: false, balances: [], baseBalance: 0 }],
  unconverted: [],
});
const cell = (month: string, channel: string, currency: string, amount: number, baseAmount: number) => ({ month, channel, currency, amount, baseAmount, withheld: false });

describe('the / page reads the public summary as it is', () => {
  it('one column per channel with money, base amounts of every currency added, newest month first, a withheld month without figures', () => {
    const model = homeModel(
      summary([
        cell('2026-10', 'bank', 'EUR', 260000, 260000),
        cell('2026-10', 'bank', 'USD', 10000, 9300),
        cell('2026-10', 'other', 'EUR', 41778, 41778),
        { month: '2026-09', channel: null, currency: null, amount: null, baseAmount: null, withheld: true },
        cell('2026-11', 'stripe', 'EUR', 5000, 5000),
      ]),
      'de',
    );
    expect(model.channels).toEqual(['stripe', 'bank', 'other']);
    expect(model.donations).toEqual([
      { month: '2026-11', withheld: false, cells: [{ amount: 5000 }, { amount: null }, { amount: null }], total: 5000 },
      { month: '2026-10', withheld: false, cells: [{ amount: null }, { amount: 269300 }, { amount: 41778 }], total: 311078 },
      { month: '2026-09', withheld: true, cells: [{ amount: null }, { amount: null }, { amount: null }], total: 0 },
    ]);
  });

  it('names categories and funds from the catalog when it knows them, else as stored', () => {
    const model = homeModel(summary([]), 'de');
    expect(model.spending.map((s) => s.label)).toEqual(['Kartengebühren (Stripe)', 'travel']);
    expect(model.funds[0].name).toBe('Allgemeiner Fonds');
    expect(model.donations).toEqual([]);
  });
});
