import { CHANNELS } from '../donations/donations.dto.js';
import { GRANT_STATUSES } from '../grants/grant-status.js';
import { catalogs } from '../i18n/catalogs.js';
import type { Locale } from '../i18n/locale.js';
import type { PublicSummary } from '../public/public-summary.js';

/** A donations table cell: base-currency minor units, or null when nothing came in on that channel. */
interface Cell {
  amount: number | null;
}

/** A catalog entry when there is one, else the stored text (fund names, spending categories such as `fees:stripe`). */
const labelOr = (locale: Locale, key: string, fallback: string) => (catalogs().has(locale, key) || catalogs().has('en', key) ? catalogs().t(locale, key) : fallback);

/**
 * The `/` page's tables from the public summary (`GET /api/v1/public/summary`, issue 10), so the
 * page and the API show the same figures: donations per month and channel in the base
 * currency (the summary already folded every cell holding one gift into "other", and withheld
 * a month with a single donation), spending by category, fund balances, grants, public roles.
 */
export function homeModel(summary: PublicSummary, locale: Locale) {
  const published = summary.donationsByMonth.filter((d) => !d.withheld);
  // Only channels with money in the period get a column: the table stays narrow enough to read.
  const channels = CHANNELS.filter((c) => published.some((d) => d.channel === c));
  const months = [...new Set(summary.donationsByMonth.map((d) => d.month))].sort().reverse();
  const donations = months.map((month) => {
    const rows = summary.donationsByMonth.filter((d) => d.month === month);
    const withheld = rows.some((d) => d.withheld);
    const cells: Cell[] = channels.map((channel) => {
      const inChannel = rows.filter((d) => d.channel === channel);
      return { amount: inChannel.length ? inChannel.reduce((sum, d) => sum + (d.baseAmount ?? 0), 0) : null };
    });
    return { month, withheld, cells, total: rows.reduce((sum, d) => sum + (d.baseAmount ?? 0), 0) };
  });
  const rank = (status: string) => GRANT_STATUSES.indexOf(status as (typeof GRANT_STATUSES)[number]);
  return {
    currency: summary.baseCurrency,
    period: summary.period,
    channels,
    donations,
    sponsors: summary.sponsors,
    publicSponsors: summary.publicSponsors,
    spending: summary.spending.byCategory.map((s) => ({ ...s, label: labelOr(locale, `pages:home.categories.${s.category.replaceAll(':', '.')}`, s.category) })),
    funds: summary.funds.map((f) => ({ ...f, name: labelOr(locale, `funds:${f.code}`, f.name) })),
    grants: [...summary.grants].sort((a, b) => rank(a.status) - rank(b.status)),
    roles: summary.roles,
    unconverted: summary.unconverted,
  };
}
