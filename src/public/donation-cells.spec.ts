import { DonationCell, foldDonationCells } from './donation-cells.js';

const cell = (channel: string, currency: string, base: number, donations: number, month = '2026-10'): DonationCell => ({
  month,
  channel,
  currency,
  amount: BigInt(base),
  base: BigInt(base),
  donations,
});

/** The published cells as `channel currency amount/donations`, or `withheld`. */
function shown(cells: DonationCell[]): string[] {
  return foldDonationCells(cells, 'EUR').map((c) => (c.withheld ? `${c.month} withheld` : `${c.channel} ${c.currency} ${c.amount}/${c.donations}`));
}

describe('foldDonationCells', () => {
  it.each<[string, DonationCell[], string[]]>([
    ['no donations', [], []],
    ['a month with one donation in all is withheld', [cell('stripe', 'EUR', 2500, 1)], ['2026-10 withheld']],
    ['cells of two or more stay as they are', [cell('stripe', 'EUR', 5000, 2), cell('bank', 'EUR', 90000, 3)], ['bank EUR 90000/3', 'stripe EUR 5000/2']],
    ['two single cells fold into other together', [cell('stripe', 'EUR', 2500, 1), cell('crypto', 'EUR', 1000, 1)], ['other EUR 3500/2']],
    [
      'a single cell alone in other pulls in the smallest remaining cell',
      [cell('crypto', 'EUR', 1000, 1), cell('stripe', 'EUR', 5000, 2), cell('bank', 'EUR', 90000, 3)],
      ['bank EUR 90000/3', 'other EUR 6000/3'],
    ],
    [
      'other in another currency is summed in the base currency',
      [cell('bank', 'USD', 930, 1), cell('crypto', 'EUR', 500, 1), cell('stripe', 'EUR', 5000, 4)],
      ['other EUR 1430/2', 'stripe EUR 5000/4'],
    ],
    [
      'the real other channel counts as folded',
      [cell('other', 'EUR', 700, 1), cell('stripe', 'EUR', 300, 2), cell('bank', 'EUR', 9000, 2)],
      ['bank EUR 9000/2', 'other EUR 1000/3'],
    ],
    ['an other channel of several donations stays, as other', [cell('other', 'EUR', 700, 2), cell('stripe', 'EUR', 300, 1)], ['other EUR 1000/3']],
    [
      'a refund-only single cell (negative) folds like any single',
      [cell('stripe', 'EUR', -2500, 1), cell('bank', 'EUR', 4000, 2), cell('patreon', 'EUR', 6000, 2)],
      ['other EUR 1500/3', 'patreon EUR 6000/2'],
    ],
    [
      'months are folded each on their own',
      [cell('stripe', 'EUR', 2500, 1, '2026-09'), cell('stripe', 'EUR', 2500, 2, '2026-10'), cell('bank', 'EUR', 100, 1, '2026-10')],
      ['2026-09 withheld', 'other EUR 2600/3'],
    ],
  ])('%s', (_, cells, expected) => {
    expect(shown(cells)).toEqual(expected);
  });
});
