import { foldSingleDonations } from './public-summary.js';

const CHANNELS = ['stripe', 'bank', 'other'];

describe('the transparency summary never shows one donation on its own', () => {
  it.each([
    ['a single bank donation moves into other, which then hides it', [{ channel: 'bank', amount: 5000, count: 1 }], { bank: [0, 0, false], other: [5000, 1, true] }, 5000],
    [
      'two singletons fold into one visible other cell',
      [
        { channel: 'bank', amount: 5000, count: 1 },
        { channel: 'stripe', amount: 700, count: 1 },
      ],
      { stripe: [0, 0, false], bank: [0, 0, false], other: [5700, 2, false] },
      5700,
    ],
    [
      'cells of two or more stay where they are',
      [
        { channel: 'stripe', amount: 3000, count: 3 },
        { channel: 'other', amount: 400, count: 2 },
      ],
      { stripe: [3000, 3, false], other: [400, 2, false] },
      3400,
    ],
    ['an unknown channel counts as other', [{ channel: 'crypto', amount: 900, count: 4 }], { other: [900, 4, false] }, 900],
  ])('%s', (_name, cells, expected, total) => {
    const [row] = foldSingleDonations(
      cells.map((c) => ({ month: '2026-10', ...c })),
      CHANNELS,
    );
    for (const [channel, [amount, count, hidden]] of Object.entries(expected)) expect(row.cells[channel]).toEqual({ amount, count, hidden });
    expect(row.total).toBe(total);
  });

  it('orders months newest first', () => {
    const rows = foldSingleDonations(
      [
        { month: '2026-09', channel: 'stripe', amount: 1, count: 2 },
        { month: '2026-11', channel: 'stripe', amount: 1, count: 2 },
      ],
      CHANNELS,
    );
    expect(rows.map((r) => r.month)).toEqual(['2026-11', '2026-09']);
  });
});
