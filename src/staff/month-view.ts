import type { ImportSummary } from '../imports/import-queries.service.js';
import type { FormError } from '../pages/page-form.js';
import type { MatchCandidate } from '../reconciliation/match-candidates.service.js';

/** What a POST hands back to the month page when it renders instead of redirecting. */
export interface MonthPageState {
  errors?: FormError[];
  imported?: ImportSummary;
  classifying?: { lineId: string; as?: string; fund?: string; note?: string };
  matching?: { bankLineId?: string; counterpart?: string; note?: string };
  acknowledging?: { matchId?: string; reason?: string };
}

interface OpenItem {
  kind: string;
  bankLineId: string | null;
  matchId: string | null;
  rule: string | null;
  date: string;
  amount: number | string;
  currency: string;
  direction: string | null;
  description: string | null;
  counterparty: string | null;
}

interface RunItem {
  id: string;
  kind: string;
  rule: string;
  state: string;
  amount: number | null;
  currency: string | null;
  date: string;
  bankLine: { description: string | null; counterparty: string | null } | null;
  payout: { provider: string | null; externalId: string | null } | null;
  donationId: string | null;
}

export interface MonthViewInput {
  month: string;
  period: { state: 'open' | 'closed'; closedAt: Date | null; closedBy: string | null; openItems: unknown[]; statement: Record<string, unknown>[] };
  run: { id: string; createdAt: Date; actorEmail: string; matched: number; suggested: number; unmatched: number; items: RunItem[] } | null;
  profiles: readonly string[];
  funds: readonly { code: string; name: string }[];
  /** What an unmatched credit could be matched to by hand. */
  candidates?: MatchCandidate[];
  kinds: readonly string[];
  state: MonthPageState;
  csrf: string;
}

/** The open items the match-by-hand form offers: bank credits nothing explains yet. */
export function unmatchedCredits(openItems: readonly unknown[]): OpenItem[] {
  return (openItems as OpenItem[]).filter((i) => i.kind === 'unmatched_bank_line' && i.direction === 'credit');
}

function shift(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1 + by, 1)).toISOString().slice(0, 7);
}

/**
 * The month page's model: open items split by what the treasurer can do with them (accept a
 * suggestion, classify a credit, read a finding), the last run's matches with their rules, the
 * statement. Only arranging: every figure and rule comes from the services.
 */
export function monthView(input: MonthViewInput) {
  const open = input.period.openItems as OpenItem[];
  const classifying = input.state.classifying;
  const errorFor = Object.fromEntries((input.state.errors ?? []).map((e) => [e.field, e.message]));
  // A line with a pending suggestion is decided there (classifying it could count a donation twice).
  const suggested = new Set(open.filter((i) => i.kind === 'pending_suggestion').map((i) => i.bankLineId));
  const unmatched = open
    .filter((i) => i.kind === 'unmatched_bank_line' && !suggested.has(i.bankLineId))
    .map((i) => {
      const mine = classifying?.lineId === i.bankLineId ? classifying : undefined;
      return {
        ...i,
        amount: Number(i.amount),
        classifiable: i.direction === 'credit',
        values: mine ?? {},
        errorFor: mine ? errorFor : {},
        funds: input.funds.map((f) => ({ value: f.code, label: f.name, selected: (mine?.fund ?? 'general') === f.code })),
      };
    });
  const matching = input.state.matching;
  const acknowledging = input.state.acknowledging;
  const credits = unmatchedCredits(open);
  const findings = open.filter((i) => i.kind !== 'pending_suggestion' && i.kind !== 'unmatched_bank_line').map((i) => ({ ...i, amount: Number(i.amount) }));
  return {
    month: input.month,
    previous: shift(input.month, -1),
    next: shift(input.month, 1),
    open: input.period.state === 'open',
    period: input.period,
    suggestions: open.filter((i) => i.kind === 'pending_suggestion').map((i) => ({ ...i, amount: Number(i.amount) })),
    unmatched,
    findings,
    matchForm: credits.length
      ? {
          lines: credits.map((i) => ({
            value: i.bankLineId,
            date: i.date,
            amount: Number(i.amount),
            currency: i.currency,
            counterparty: i.counterparty,
            description: i.description,
            selected: matching?.bankLineId === i.bankLineId,
          })),
          candidates: (input.candidates ?? []).map((c) => ({ ...c, value: `${c.kind}:${c.id}`, selected: matching?.counterpart === `${c.kind}:${c.id}` })),
          values: matching ?? {},
          errorFor: matching ? errorFor : {},
        }
      : null,
    ackForm: findings.length
      ? {
          findings: findings.map((f) => ({ ...f, selected: acknowledging?.matchId === f.matchId })),
          values: acknowledging ?? {},
          errorFor: acknowledging ? errorFor : {},
        }
      : null,
    openCount: open.length,
    run: input.run && { ...input.run, matchedItems: input.run.items.filter((i) => i.state === 'matched') },
    statement: input.period.statement,
    upload: {
      action: `/staff/month/${input.month}/import?_csrf=${encodeURIComponent(input.csrf)}`,
      kinds: input.kinds.map((k) => ({ value: k, selected: k === 'bank' })),
      profiles: input.profiles.map((name) => ({ value: name, label: name })),
    },
    imported: input.state.imported,
  };
}
