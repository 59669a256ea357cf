import fc from 'fast-check';
import { foldDonationCells } from '../../src/public/donation-cells.js';
import { buildPublicSummary, cellsFromDonations, DonationFact, SponsorFact } from '../../src/public/public-summary.js';

/**
 * The summary's privacy rules over randomised donations: no published cell stands for exactly
 * one donation (checked against the raw donations, not the fold's own counts), every donation
 * lands in exactly one published cell or a withheld month, and no name or address of a sponsor
 * who is not public appears anywhere in the JSON.
 */
const MONTHS = ['2026-01', '2026-02', '2026-03'];
const CHANNELS = ['stripe', 'patreon', 'merch', 'bank', 'crypto', 'other'];
const CURRENCIES = ['EUR', 'USD', 'JPY'];

interface Sponsor {
  name: string;
  email: string;
  publicName: string | null;
  anonymous: boolean;
}
interface Donation {
  month: string;
  channel: string;
  currency: string;
  amount: number;
  sponsor: number;
  anonymous: boolean;
  refunded: boolean;
}

const sponsorArb = (i: number) =>
  fc.record({
    name: fc.string({ minLength: 2, maxLength: 12 }).map((s) => `Sponsor Person ${i} ${s}`),
    email: fc.constant(`sponsor-${i}@private.test`),
    publicName: fc.option(fc.constant(`Public Name ${i}`), { nil: null }),
    anonymous: fc.boolean(),
  });
const sponsorsArb = fc.integer({ min: 1, max: 8 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => sponsorArb(i))));
const donationArb = (sponsors: number) =>
  fc.record({
    month: fc.constantFrom(...MONTHS),
    channel: fc.constantFrom(...CHANNELS),
    currency: fc.constantFrom(...CURRENCIES),
    amount: fc.integer({ min: 1, max: 5_000_000 }),
    sponsor: fc.integer({ min: 0, max: sponsors - 1 }),
    anonymous: fc.boolean(),
    refunded: fc.boolean(),
  });
const worldArb = sponsorsArb.chain((sponsors) => fc.tuple(fc.constant(sponsors as Sponsor[]), fc.array(donationArb(sponsors.length), { maxLength: 40, size: 'max' })));

/** The ledger's view: each donation's income in its cell (a refund in the same month nets against it). */
function facts(donations: Donation[]): DonationFact[] {
  return donations.flatMap((d, i) => {
    const base = BigInt(d.currency === 'USD' ? Math.round(d.amount * 0.9) : d.amount);
    const gift = { month: d.month, channel: d.channel, currency: d.currency, donationId: `d${i}`, amount: BigInt(d.amount), base };
    return d.refunded ? [gift, { ...gift, amount: -BigInt(Math.floor(d.amount / 2)), base: -base / 2n }] : [gift];
  });
}

/** What the service's SQL reads of the sponsors who gave: no names, no addresses. */
function sponsorFacts(sponsors: Sponsor[], donations: Donation[]): (SponsorFact & Sponsor)[] {
  return (
    sponsors
      .map((s, i) => ({ s, gifts: donations.filter((d) => d.sponsor === i) }))
      .filter(({ gifts }) => gifts.length > 0)
      // Name and address ride along on purpose: the builder must not use them.
      .map(({ s, gifts }) => ({ ...s, gaveOpenly: gifts.some((g) => !g.anonymous) }))
  );
}

describe('public summary privacy (property)', () => {
  it('never publishes a single donation or a private sponsor', () => {
    const totals = { runs: 0, donations: 0, cells: 0, folded: 0, withheld: 0, single: 0, leaks: 0 };
    fc.assert(
      fc.property(worldArb, ([sponsors, donations]) => {
        const summary = buildPublicSummary({
          baseCurrency: 'EUR',
          from: '2025-12-01',
          to: '2026-11-30',
          donations: facts(donations),
          sponsors: sponsorFacts(sponsors, donations),
          spendingByCategory: [],
          spendingByRole: [],
          roles: [],
          grants: [],
          funds: [],
          unconverted: [],
        });
        totals.runs++;
        totals.donations += donations.length;
        for (const month of MONTHS) {
          const raw = donations.filter((d) => d.month === month);
          const published = summary.donationsByMonth.filter((c) => c.month === month);
          if (raw.length === 0) expect(published).toEqual([]);
          if (raw.length === 1) expect(published).toEqual([expect.objectContaining({ withheld: true, amount: null, baseAmount: null })]);
          if (published.some((c) => c.withheld)) totals.withheld++;
          if (raw.length < 2) continue;
          const own = published.filter((c) => c.channel !== 'other');
          let covered = 0;
          for (const cell of own) {
            const inCell = raw.filter((d) => d.channel === cell.channel && d.currency === cell.currency).length;
            if (inCell < 2) totals.single++;
            covered += inCell;
            totals.cells++;
          }
          const rest = raw.length - covered;
          const other = published.filter((c) => c.channel === 'other');
          expect(other).toHaveLength(rest > 0 ? 1 : 0);
          if (rest === 1) totals.single++;
          if (rest > 0) totals.folded++;
        }
        const json = JSON.stringify(summary);
        const open = new Set(
          sponsorFacts(sponsors, donations)
            .filter((s) => !s.anonymous && s.gaveOpenly && s.publicName)
            .map((s) => s.publicName),
        );
        for (const s of sponsors) {
          for (const secret of [s.name, s.email]) if (json.includes(secret)) totals.leaks++;
          if (s.publicName && !open.has(s.publicName) && json.includes(`"${s.publicName}"`)) totals.leaks++;
        }
        expect(totals.single).toBe(0);
        expect(totals.leaks).toBe(0);
        // Folding keeps every donation's money: per month, the published base amounts add up to the ledger's.
        const counts = foldDonationCells(cellsFromDonations(facts(donations)), 'EUR');
        for (const month of MONTHS) {
          const monthCells = counts.filter((c) => c.month === month && !c.withheld);
          if (monthCells.length === 0) continue;
          const published = monthCells.reduce((sum, c) => sum + (c.base ?? 0n), 0n);
          const ledger = facts(donations)
            .filter((f) => f.month === month)
            .reduce((sum, f) => sum + f.base, 0n);
          expect(published).toBe(ledger);
          expect(monthCells.every((c) => c.donations >= 2)).toBe(true);
        }
      }),
      { numRuns: 500, seed: 20261130 },
    );
    process.stdout.write(
      `Public summary privacy: ${totals.runs} random worlds, ${totals.donations} donations, ${totals.cells} channel cells and ${totals.folded} "other" cells checked, ` +
        `${totals.withheld} months withheld, ${totals.single} single-donation cells, ${totals.leaks} private names or emails in the JSON\n`,
    );
  });
});
