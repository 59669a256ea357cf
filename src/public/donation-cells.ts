/**
 * Privacy folding for the public summary's donations per month (SPEC §7): no published figure
 * may be one person's gift.
 *
 * Per month: a (channel, currency) cell that holds a single donation goes into the month's
 * "other" cell (in BASE_CURRENCY, where amounts of every currency can add up), as does the real
 * `other` channel. If "other" then still holds a single donation, the smallest remaining cell
 * joins it too (repeat until it holds more), so "other" never shows one gift either. A month
 * with a single donation in all is published without an amount.
 */
export interface DonationCell {
  month: string;
  channel: string;
  currency: string;
  /** Net income in the cell's currency, minor units. */
  amount: bigint;
  /** The same in BASE_CURRENCY at the postings' stored rates. */
  base: bigint;
  /** Distinct donations the cell's postings belong to. */
  donations: number;
}

export type PublishedCell =
  | { month: string; channel: string; currency: string; amount: bigint; base: bigint; donations: number; withheld: false }
  | { month: string; channel: null; currency: null; amount: null; base: null; donations: 1; withheld: true };

export const OTHER = 'other';

export function foldDonationCells(cells: readonly DonationCell[], baseCurrency: string): PublishedCell[] {
  const months = [...new Set(cells.map((c) => c.month))].sort();
  return months.flatMap((month) =>
    foldMonth(
      month,
      cells.filter((c) => c.month === month && c.donations > 0),
      baseCurrency,
    ),
  );
}

function foldMonth(month: string, cells: DonationCell[], baseCurrency: string): PublishedCell[] {
  const total = cells.reduce((n, c) => n + c.donations, 0);
  if (total === 0) return [];
  if (total === 1) return [{ month, channel: null, currency: null, amount: null, base: null, donations: 1, withheld: true }];
  const kept = cells.filter((c) => c.donations > 1 && c.channel !== OTHER).sort(bySize);
  const other = cells.filter((c) => !kept.includes(c));
  let otherCount = other.reduce((n, c) => n + c.donations, 0);
  // The smallest cells join "other" while it would show a single gift.
  while (otherCount === 1 && kept.length > 0) {
    const smallest = kept.shift()!;
    other.push(smallest);
    otherCount += smallest.donations;
  }
  const published: PublishedCell[] = kept.map((c) => ({ ...c, withheld: false }));
  if (otherCount > 0) {
    const base = other.reduce((sum, c) => sum + c.base, 0n);
    published.push({ month, channel: OTHER, currency: baseCurrency, amount: base, base, donations: otherCount, withheld: false });
  }
  return published.sort((a, b) => (a.channel ?? '').localeCompare(b.channel ?? '') || (a.currency ?? '').localeCompare(b.currency ?? ''));
}

/** Smallest first by base amount, ties broken by channel and currency so the result is stable. */
function bySize(a: DonationCell, b: DonationCell): number {
  if (a.base !== b.base) return a.base < b.base ? -1 : 1;
  return a.channel.localeCompare(b.channel) || a.currency.localeCompare(b.currency);
}
