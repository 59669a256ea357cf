import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Env } from '../config/env.validation.js';
import { addMonths, lastDayOf, todayUtc } from '../common/util/months.js';
import { TransactionService } from '../database/transaction.service.js';
import { FundBalancesService } from '../funds/fund-balances.service.js';
import { toBaseMinor } from '../ledger/base-amount.js';
import { convertWith } from '../rates/rate-math.js';
import { RatesService } from '../rates/rates.service.js';
import { Amounts, buildPublicSummary, DonationFact, PublicSummary, SponsorFact, SummaryParts } from './public-summary.js';
import { countedDonation } from '../donations/counted.js';

/** How long one instance serves the same answer: the page is public and cheap to ask for. */
export const SUMMARY_TTL_MS = 60_000;

/** Grants the public hears about: from the funder's yes onwards. */
const PUBLISHED_GRANTS = ['selected', 'active', 'completed', 'terminated'];
const MILESTONES_DONE = ['approved', 'payment_requested', 'paid'];

interface LedgerSum {
  currency: string;
  amount: string;
  /** sum(amount × stored rate), a decimal; null when a posting had no rate. */
  base: string | null;
}

/**
 * The public transparency summary, read from the ledger (income and expense postings with the
 * rate stored on each), sponsors, roles, grants and fund balances. Only aggregates leave this
 * service; the privacy rules live in public-summary.ts and donation-cells.ts.
 */
@Injectable()
export class PublicSummaryService {
  private readonly base: string;
  private cached: { at: number; value: Promise<PublicSummary> } | null = null;

  constructor(
    private readonly tx: TransactionService,
    private readonly fundBalances: FundBalancesService,
    private readonly rates: RatesService,
    config: ConfigService<Env, true>,
  ) {
    this.base = config.get('BASE_CURRENCY', { infer: true });
  }

  /** Cached for a minute per instance; concurrent callers share one computation. */
  summary(now = Date.now()): Promise<PublicSummary> {
    if (this.cached && now - this.cached.at < SUMMARY_TTL_MS) return this.cached.value;
    const value = this.compute(new Date(now));
    this.cached = { at: now, value };
    value.catch(() => (this.cached = null));
    return value;
  }

  private async compute(now: Date): Promise<PublicSummary> {
    const thisMonth = todayUtc(now).slice(0, 7);
    const from = `${addMonths(thisMonth, -11)}-01`;
    const to = lastDayOf(thisMonth);
    const m = this.tx.manager;
    const rates = await this.rates.latest(m);
    const unconverted = new Set<string>();
    const toBase = (row: LedgerSum, sign: bigint): bigint => {
      if (row.base !== null) return sign * toBaseMinor(row.base, row.currency, this.base);
      const converted = convertWith(rates, sign * BigInt(row.amount), row.currency, this.base);
      if (converted === null) unconverted.add(row.currency);
      return converted ?? 0n;
    };
    const amounts = (row: LedgerSum, sign: bigint): Amounts => ({ currency: row.currency, amount: sign * BigInt(row.amount), base: toBase(row, sign) });

    // Income postings are credits (negative): income is minus their sum. One row per donation
    // and cell, so the privacy folding can count donations; entries without a donation count alone.
    const incomeRows: (LedgerSum & { month: string; channel: string; donation: string })[] = await m.query(
      `SELECT to_char(e.effective_date, 'YYYY-MM') AS month, split_part(p.account, ':', 3) AS channel, p.currency::text AS currency,
              COALESCE(e.donation_id, e.id)::text AS donation, sum(p.amount)::text AS amount,
              CASE WHEN bool_and(p.rate IS NOT NULL) THEN sum(p.amount * p.rate)::text END AS base
         FROM postings p JOIN journal_entries e ON e.id = p.entry_id
        WHERE p.account LIKE 'income:donations:%' AND e.effective_date BETWEEN $1 AND $2
        GROUP BY 1, 2, 3, 4 HAVING sum(p.amount) <> 0`,
      [from, to],
    );
    const donations: DonationFact[] = incomeRows.map((r) => ({ month: r.month, channel: r.channel, donationId: r.donation, ...amounts(r, -1n) }));

    const sponsors: SponsorFact[] = await m.query(
      `SELECT s.public_name AS "publicName", s.anonymous, bool_or(NOT d.anonymous) AS "gaveOpenly"
         FROM donations d JOIN sponsors s ON s.id = d.sponsor_id
        WHERE ${countedDonation('d')} AND d.received_at >= $1::date AND d.received_at < $2::date + 1
        GROUP BY s.id`,
      [from, to],
    );

    // Role payments are one category ("roles"): per role kind, a lone non-public holder's pay would show.
    const byCategory: (LedgerSum & { category: string })[] = await m.query(
      `SELECT CASE WHEN p.account LIKE 'expenses:roles:%' THEN 'roles' ELSE substr(p.account, length('expenses:') + 1) END AS category,
              p.currency::text AS currency, sum(p.amount)::text AS amount,
              CASE WHEN bool_and(p.rate IS NOT NULL) THEN sum(p.amount * p.rate)::text END AS base
         FROM postings p JOIN journal_entries e ON e.id = p.entry_id
        WHERE p.account LIKE 'expenses:%' AND e.effective_date BETWEEN $1 AND $2
        GROUP BY 1, 2 HAVING sum(p.amount) <> 0 ORDER BY 1, 2`,
      [from, to],
    );
    const byRole: (LedgerSum & { roleId: string; title: string })[] = await m.query(
      `SELECT r.id AS "roleId", r.title, p.currency::text AS currency, sum(p.amount)::text AS amount,
              CASE WHEN bool_and(p.rate IS NOT NULL) THEN sum(p.amount * p.rate)::text END AS base
         FROM role_payments rp JOIN roles r ON r.id = rp.role_id
         JOIN journal_entries e ON e.id IN (rp.entry_id, rp.reversal_entry_id)
         JOIN postings p ON p.entry_id = e.id AND p.account LIKE 'expenses:%'
        WHERE r.public AND e.effective_date BETWEEN $1 AND $2
        GROUP BY r.id, r.title, p.currency HAVING sum(p.amount) <> 0 ORDER BY r.title, p.currency`,
      [from, to],
    );
    const roles: SummaryParts['roles'] = await m.query(
      `SELECT id, title, kind, status, CASE WHEN status IN ('active', 'ended') THEN holder_name END AS holder, public_description AS description
         FROM roles WHERE public ORDER BY CASE status WHEN 'active' THEN 0 WHEN 'hiring' THEN 1 WHEN 'planned' THEN 2 ELSE 3 END, title`,
    );
    const grants: (Omit<SummaryParts['grants'][number], 'amount'> & { amount: string })[] = await m.query(
      `SELECT g.title, g.funder, g.programme, g.status, g.awarded_amount::text AS amount, g.currency,
              count(ms.id) FILTER (WHERE ms.status = ANY($2))::int AS "milestonesDone", count(ms.id)::int AS "milestonesTotal"
         FROM grants g LEFT JOIN milestones ms ON ms.grant_id = g.id
        WHERE g.status = ANY($1) GROUP BY g.id ORDER BY g.created_at, g.title`,
      [PUBLISHED_GRANTS, MILESTONES_DONE],
    );
    const funds = (await this.fundBalances.list(now)).map((f) => ({ code: f.code, name: f.name, restricted: f.restricted, balances: f.balances, baseBalance: f.baseBalance }));

    return buildPublicSummary({
      baseCurrency: this.base,
      from,
      to,
      donations,
      sponsors,
      spendingByCategory: byCategory.map((r) => ({ category: r.category, ...amounts(r, 1n) })),
      spendingByRole: byRole.map((r) => ({ roleId: r.roleId, title: r.title, ...amounts(r, 1n) })),
      roles,
      grants: grants.map((g) => ({ ...g, amount: BigInt(g.amount) })),
      funds,
      unconverted: [...unconverted].sort(),
    });
  }
}
