/** One (month, channel) total before the privacy fold. */
export interface ChannelMonth {
  month: string;
  channel: string;
  amount: number;
  count: number;
}

export interface SummaryCell {
  amount: number;
  count: number;
  /** A cell that would reveal one donation is hidden; its money still counts in the total. */
  hidden: boolean;
}

export interface MonthRow {
  month: string;
  cells: Record<string, SummaryCell>;
  total: number;
}

/**
 * The privacy fold: a (month, channel) cell holding a single donation would show what one
 * person gave, so it moves into that month's "other" column; an "other" cell that still holds a
 * single donation is shown as hidden. Month totals keep every donation.
 */
export function foldSingleDonations(rows: ChannelMonth[], channels: readonly string[]): MonthRow[] {
  const months = [...new Set(rows.map((r) => r.month))].sort().reverse();
  return months.map((month) => {
    const cells: Record<string, SummaryCell> = Object.fromEntries(channels.map((c) => [c, { amount: 0, count: 0, hidden: false }]));
    for (const row of rows.filter((r) => r.month === month)) {
      const target = row.count === 1 || !channels.includes(row.channel) ? 'other' : row.channel;
      cells[target].amount += row.amount;
      cells[target].count += row.count;
    }
    for (const cell of Object.values(cells)) cell.hidden = cell.count === 1;
    return { month, cells, total: Object.values(cells).reduce((sum, c) => sum + c.amount, 0) };
  });
}
