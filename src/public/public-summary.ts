import { toSafeNumber } from '../common/money/money.js';
import { DonationCell, foldDonationCells } from './donation-cells.js';

/** One donation's net income within one (month, channel, currency) cell, as the ledger books it. */
export interface DonationFact {
  month: string;
  channel: string;
  currency: string;
  donationId: string;
  amount: bigint;
  base: bigint;
}

/** What the summary may know of a sponsor who gave in the period: never a name or an address. */
export interface SponsorFact {
  publicName: string | null;
  anonymous: boolean;
  /** At least one of their gifts in the period was not marked anonymous. */
  gaveOpenly: boolean;
}

export interface Amounts {
  currency: string;
  amount: bigint;
  base: bigint;
}

export interface SummaryParts {
  baseCurrency: string;
  from: string;
  to: string;
  donations: DonationFact[];
  sponsors: SponsorFact[];
  spendingByCategory: ({ category: string } & Amounts)[];
  spendingByRole: ({ roleId: string; title: string } & Amounts)[];
  roles: { id: string; title: string; kind: string; status: string; holder: string | null; description: string | null }[];
  grants: { title: string; funder: string; programme: string | null; status: string; amount: bigint; currency: string; milestonesDone: number; milestonesTotal: number }[];
  funds: { code: string; name: string; restricted: boolean; balances: { currency: string; amount: number }[]; baseBalance: number }[];
  unconverted: string[];
}

/** Sums the facts per (month, channel, currency), counting distinct donations. */
export function cellsFromDonations(facts: readonly DonationFact[]): DonationCell[] {
  const cells = new Map<string, DonationCell & { ids: Set<string> }>();
  for (const f of facts) {
    const key = `${f.month}|${f.channel}|${f.currency}`;
    const cell = cells.get(key) ?? { month: f.month, channel: f.channel, currency: f.currency, amount: 0n, base: 0n, donations: 0, ids: new Set<string>() };
    cell.amount += f.amount;
    cell.base += f.base;
    cell.ids.add(f.donationId);
    cell.donations = cell.ids.size;
    cells.set(key, cell);
  }
  return [...cells.values()].map(({ ids: _ids, ...cell }) => cell);
}

/** The names sponsors chose to be thanked by in public, and nothing of anyone else. */
export function publicSponsorNames(sponsors: readonly SponsorFact[]): string[] {
  const names = sponsors.filter((s) => !s.anonymous && s.gaveOpenly && s.publicName && s.publicName.trim() !== '').map((s) => s.publicName!.trim());
  return [...new Set(names)].sort((a, b) => a.localeCompare(b));
}

const money = (a: Amounts) => ({ currency: a.currency, amount: toSafeNumber(a.amount), baseAmount: toSafeNumber(a.base) });

/**
 * The public transparency summary (SPEC §7) from its parts: totals only, donations folded so no
 * figure is one person's gift (see donation-cells.ts), sponsors by public name only.
 */
export function buildPublicSummary(p: SummaryParts) {
  const cells = foldDonationCells(cellsFromDonations(p.donations), p.baseCurrency);
  return {
    baseCurrency: p.baseCurrency,
    period: { from: p.from, to: p.to },
    donationsByMonth: cells.map((c) =>
      c.withheld
        ? { month: c.month, channel: null, currency: null, amount: null, baseAmount: null, withheld: true }
        : { month: c.month, channel: c.channel, currency: c.currency, amount: toSafeNumber(c.amount), baseAmount: toSafeNumber(c.base), withheld: false },
    ),
    sponsors: p.sponsors.length,
    publicSponsors: publicSponsorNames(p.sponsors),
    spending: {
      byCategory: p.spendingByCategory.map((s) => ({ category: s.category, ...money(s) })),
      byRole: p.spendingByRole.map((s) => ({ roleId: s.roleId, title: s.title, ...money(s) })),
    },
    roles: p.roles,
    grants: p.grants.map(({ amount, currency, ...g }) => ({ ...g, amount: { amount: toSafeNumber(amount), currency } })),
    funds: p.funds,
    // Currencies without any rate to BASE_CURRENCY: their base amounts count as 0.
    unconverted: p.unconverted,
  };
}

export type PublicSummary = ReturnType<typeof buildPublicSummary>;
