/**
 * The payout ↔ bank-credit rules, in the order they are tried, then the manual-donation rule. The run applies them in SQL
 * (set-based, see run-sql.ts); this module is their specification in code: the provider
 * patterns and windows are passed to the SQL from here, and `rankPair`/`resolve` describe
 * exactly what the SQL computes, so they are tested as tables (rules.spec.ts).
 */
export type Provider = 'stripe' | 'patreon' | 'merch';

export const RULES = {
  1: 'payout_reference',
  2: 'provider_amount_window',
  3: 'amount_date_only',
} as const;
export type Rank = keyof typeof RULES;
export type RuleName = (typeof RULES)[Rank];

/** Case-insensitive POSIX regexes over counterparty + description + reference (PostgreSQL `~*`). */
export const PROVIDER_PATTERN: Record<Provider, string> = {
  stripe: 'stripe',
  patreon: 'patreon',
  merch: '(tee)?spring',
};

/** Days around the payout's date in which its bank credit may be booked. */
export const WINDOW = { before: 2, after: 5 };
/** Patreon's earnings export does not say when it paid: the month after the period is searched, from its first day. */
export const UNDATED_WINDOW = { before: 2, after: 10 };

export interface LineFacts {
  amount: bigint;
  currency: string;
  bookedOn: string;
  reference?: string | null;
  description?: string | null;
  bankReference?: string | null;
  counterparty?: string | null;
}

export interface PayoutFacts {
  provider: Provider;
  externalId: string;
  amount: bigint;
  currency: string;
  /** Stripe arrival date, provider paid date; null for an undated (Patreon earnings) payout. */
  paidOn: string | null;
  periodEnd?: string | null;
}

const DAY = 86_400_000;
const days = (a: string, b: string) => Math.round((Date.parse(`${a}T00:00:00Z`) - Date.parse(`${b}T00:00:00Z`)) / DAY);
const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);

export function anchorOf(p: PayoutFacts): { anchor: string; before: number; after: number } | null {
  if (p.paidOn) return { anchor: p.paidOn, ...WINDOW };
  if (p.periodEnd) return { anchor: addDays(p.periodEnd, 1), ...UNDATED_WINDOW };
  return null;
}

/** The best rule that pairs this line with this payout, or null when none does. */
export function rankPair(line: LineFacts, payout: PayoutFacts): Rank | null {
  if (line.amount !== payout.amount || line.currency !== payout.currency) return null;
  const text = [line.reference, line.description, line.bankReference].filter(Boolean).join(' ').toUpperCase();
  if (text.includes(payout.externalId.toUpperCase())) return 1;
  const a = anchorOf(payout);
  if (!a) return null;
  const offset = days(line.bookedOn, a.anchor);
  if (offset < -a.before || offset > a.after) return null;
  const evidence = [line.counterparty, line.description, line.reference].filter(Boolean).join(' ');
  return new RegExp(PROVIDER_PATTERN[payout.provider], 'i').test(evidence) ? 2 : 3;
}

export interface Candidate {
  line: string;
  payout: string;
  rank: Rank;
}

export interface Decision extends Candidate {
  state: 'matched' | 'suggested';
  rule: RuleName;
}

/**
 * A pair is matched automatically only when its rule is 1 or 2, it is the best pair for both
 * its line and its payout, and nothing else ties with it on either side. Otherwise the best
 * pairs of sides left unmatched are suggestions. Mirrors the window functions in run-sql.ts.
 */
export function resolve(candidates: Candidate[]): Decision[] {
  const min = (key: 'line' | 'payout', id: string) => Math.min(...candidates.filter((c) => c[key] === id).map((c) => c.rank));
  const count = (key: 'line' | 'payout', id: string, rank: Rank) => candidates.filter((c) => c[key] === id && c.rank === rank).length;
  const auto = candidates.filter(
    (c) => c.rank <= 2 && c.rank === min('line', c.line) && c.rank === min('payout', c.payout) && count('line', c.line, c.rank) === 1 && count('payout', c.payout, c.rank) === 1,
  );
  const takenLines = new Set(auto.map((c) => c.line));
  const takenPayouts = new Set(auto.map((c) => c.payout));
  const suggested = candidates.filter((c) => !takenLines.has(c.line) && !takenPayouts.has(c.payout) && c.rank === min('line', c.line));
  return [...auto.map((c) => ({ ...c, state: 'matched' as const, rule: RULES[c.rank] })), ...suggested.map((c) => ({ ...c, state: 'suggested' as const, rule: RULES[c.rank] }))];
}

/**
 * A bank (or cheque, `other`) donation a person recorded by hand, found again on the statement:
 * same amount and currency, the credit booked from `before` days ahead of the recorded date to
 * `after` days after it (people record a transfer when the donor announces it, or when they see
 * it). Only ever a suggestion: amount and date alone never prove it is the same money. Runs
 * apply it after the payout rules, to credits they left open; classifying such a credit "as
 * donation" is refused, since it would count the gift twice.
 */
export const MANUAL_DONATION_RULE = 'manual_donation_amount_date';
export const MANUAL_DONATION_WINDOW = { before: 3, after: 7 };

export interface ManualDonationFacts {
  amount: bigint;
  currency: string;
  receivedOn: string;
  channel: string;
  /** Recorded by a person (not an import or a classification of another line). */
  byHand: boolean;
  /** Already matched to a bank line, or refunded. */
  settled: boolean;
}

export function manualDonationFits(line: LineFacts, d: ManualDonationFacts): boolean {
  if (!d.byHand || d.settled || (d.channel !== 'bank' && d.channel !== 'other')) return false;
  if (line.amount !== d.amount || line.currency !== d.currency) return false;
  const offset = days(line.bookedOn, d.receivedOn);
  return offset >= -MANUAL_DONATION_WINDOW.before && offset <= MANUAL_DONATION_WINDOW.after;
}
