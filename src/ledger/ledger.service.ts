import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EntityManager } from 'typeorm';
import type { Env } from '../config/env.validation.js';
import { jsonAmount } from '../common/money/money.js';
import { Page, PaginationQuery } from '../common/pagination/pagination.dto.js';
import { TransactionService } from '../database/transaction.service.js';
import { imbalance, isAccount } from './accounts.js';
import { toBaseMinor } from './base-amount.js';
import { reversal } from './journal-shapes.js';
import { LedgerException } from './ledger.exception.js';

export interface PostingInput {
  account: string;
  fundId: string;
  currency: string;
  /** Signed minor units: positive debits, negative credits. Zero postings are dropped. */
  amount: bigint;
  /** Decimal string rate to BASE_CURRENCY; omitted → 1 for the base currency, else the latest exchange_rates row. */
  rate?: string | null;
}

export interface EntryInput {
  /** Natural key of the cause ("stripe:charge:ch_…"); a second post with it is a no-op returning null. */
  key?: string;
  kind: string;
  /** The money event's date (YYYY-MM-DD), which month close and exports use. */
  effectiveDate: string;
  description: string;
  donationId?: string | null;
  reverses?: string | null;
  postedBy?: string | null;
  postings: PostingInput[];
}

export interface FundSummary {
  fundId: string;
  currency: string;
  balance: bigint;
  incomeMonth: bigint;
  incomeYear: bigint;
  spentMonth: bigint;
  spentYear: bigint;
}

export interface LedgerFilter {
  from?: string;
  to?: string;
  account?: string;
  fund?: string;
  donationId?: string;
}

/**
 * The journal. `post` is the one way money gets into the books: callers build a balanced
 * entry and pass the EntityManager of the transaction that makes the change, so the entry
 * commits or rolls back with it. The database re-checks the balance at commit and refuses
 * any later change, so this class is not the only guard.
 */
@Injectable()
export class LedgerService {
  private readonly base: string;

  constructor(
    private readonly tx: TransactionService,
    config: ConfigService<Env, true>,
  ) {
    this.base = config.get('BASE_CURRENCY', { infer: true });
  }

  /** BASE_CURRENCY: postings in it carry rate 1 (for callers that book in set-based SQL). */
  get baseCurrency(): string {
    return this.base;
  }

  /** Posts one entry in one statement; returns its id, or null when `key` was already posted. */
  async post(m: EntityManager, entry: EntryInput): Promise<string | null> {
    const cte = this.entryCte(entry, 1);
    const rows: { id: string }[] = await m.query(`WITH ${cte.sql} SELECT id FROM ledger_e`, cte.params);
    return rows[0]?.id ?? null;
  }

  /**
   * The entry as two CTEs (`ledger_e`, `ledger_p`) for a caller that must insert it in the
   * same statement as its cause (one round trip instead of two on the hot webhook path).
   * `from` names an earlier CTE the entry is made for (one row or none: none posts nothing),
   * and `keySql` / `donationIdSql` may reference its columns. Validation is the same as `post`.
   */
  entryCte(entry: EntryInput, firstParam: number, link?: { from: string; keySql: string; donationIdSql: string }): { sql: string; params: unknown[] } {
    const postings = entry.postings.filter((p) => p.amount !== 0n);
    if (postings.length < 2) throw LedgerException.tooFewPostings();
    for (const p of postings) if (!isAccount(p.account)) throw LedgerException.badAccount(p.account);
    const off = imbalance(postings);
    if (off) throw LedgerException.unbalanced(off.currency, off.leftOver);
    const n = (i: number) => `$${firstParam + i}`;
    const sql = `ledger_e AS (
         INSERT INTO journal_entries (key, kind, effective_date, description, donation_id, reverses, posted_by)
         SELECT COALESCE(${n(0)}::text, ${link?.keySql ?? 'NULL'}), ${n(1)}, ${n(2)}::date, ${n(3)}, COALESCE(${n(4)}::uuid, ${link?.donationIdSql ?? 'NULL'}), ${n(5)}::uuid, ${n(6)}::uuid
         FROM ${link?.from ?? '(SELECT 1) AS one'}
         ON CONFLICT (key) DO NOTHING RETURNING id),
       ledger_p AS (
         INSERT INTO postings (entry_id, account, fund_id, currency, amount, rate)
         SELECT ledger_e.id, p.account, p.fund_id, p.currency, p.amount,
                COALESCE(p.rate, CASE WHEN p.currency = ${n(12)} THEN 1 ELSE
                  (SELECT r.rate FROM exchange_rates r WHERE r.currency = p.currency AND r.base = ${n(12)} AND r.as_of <= ${n(2)}::date
                   ORDER BY r.as_of DESC LIMIT 1) END)
         FROM ledger_e, unnest(${n(7)}::text[], ${n(8)}::uuid[], ${n(9)}::text[], ${n(10)}::bigint[], ${n(11)}::numeric[]) AS p(account, fund_id, currency, amount, rate))`;
    const params = [
      entry.key ?? null,
      entry.kind,
      entry.effectiveDate,
      entry.description.slice(0, 500),
      entry.donationId ?? null,
      entry.reverses ?? null,
      entry.postedBy ?? null,
      postings.map((p) => p.account),
      postings.map((p) => p.fundId),
      postings.map((p) => p.currency),
      postings.map((p) => p.amount.toString()),
      postings.map((p) => p.rate ?? null),
      this.base,
    ];
    return { sql, params };
  }

  /**
   * Posts the mirror image of an entry (same accounts, funds and rates, opposite signs): the
   * only way to correct the books. An entry can be reversed once (unique index on `reverses`).
   */
  async reverse(
    m: EntityManager,
    entryId: string,
    input: { key?: string; kind: string; effectiveDate: string; description: string; postedBy?: string | null },
  ): Promise<string | null> {
    const original: { account: string; fund_id: string; currency: string; amount: string; rate: string | null; donation_id: string | null }[] = await m.query(
      `SELECT p.account, p.fund_id, p.currency, p.amount::text, p.rate::text, e.donation_id
       FROM postings p JOIN journal_entries e ON e.id = p.entry_id WHERE p.entry_id = $1 ORDER BY p.id`,
      [entryId],
    );
    if (original.length === 0) throw LedgerException.entryNotFound(entryId);
    const [{ exists }] = await m.query(`SELECT EXISTS (SELECT 1 FROM journal_entries WHERE reverses = $1) AS exists`, [entryId]);
    if (exists) return null;
    return this.post(m, {
      ...input,
      reverses: entryId,
      donationId: original[0].donation_id,
      postings: reversal(original.map((p) => ({ account: p.account, fundId: p.fund_id, currency: p.currency, amount: BigInt(p.amount), rate: p.rate }))),
    });
  }

  /** Balances per account, fund and currency, summed from the postings themselves (no cache). */
  async accounts(filter: { fund?: string; currency?: string; asOf?: string }) {
    const rows: { account: string; fund: string; currency: string; balance: string; base_balance: string | null; postings: number }[] = await this.tx.manager.query(
      `SELECT p.account, f.code AS fund, p.currency, sum(p.amount)::text AS balance,
              CASE WHEN bool_and(p.rate IS NOT NULL) THEN sum(p.amount * p.rate)::text END AS base_balance,
              count(*)::int AS postings
       FROM postings p JOIN funds f ON f.id = p.fund_id JOIN journal_entries e ON e.id = p.entry_id
       WHERE ($1::text IS NULL OR f.code = $1) AND ($2::text IS NULL OR p.currency = $2) AND ($3::date IS NULL OR e.effective_date <= $3)
       GROUP BY p.account, f.code, p.currency ORDER BY p.account, f.code, p.currency`,
      [filter.fund ?? null, filter.currency ?? null, filter.asOf ?? null],
    );
    return {
      baseCurrency: this.base,
      items: rows.map((r) => ({
        account: r.account,
        fund: r.fund,
        currency: r.currency,
        balance: jsonAmount(r.balance),
        // In BASE_CURRENCY minor units at the rates recorded with each posting; null when a rate is unknown.
        baseBalance: r.base_balance === null ? null : jsonAmount(toBaseMinor(r.base_balance, r.currency, this.base)),
        postings: r.postings,
      })),
    };
  }

  /** A fund's net assets per currency (assets + liabilities postings tagged with it), read in the caller's transaction. */
  async fundBalances(m: EntityManager, fundId: string): Promise<Map<string, bigint>> {
    const rows: { currency: string; balance: string }[] = await m.query(
      `SELECT currency::text AS currency, sum(amount)::text AS balance FROM postings
       WHERE fund_id = $1 AND (account LIKE 'assets:%' OR account LIKE 'liabilities:%') GROUP BY currency`,
      [fundId],
    );
    return new Map(rows.map((r) => [r.currency, BigInt(r.balance)]));
  }

  /**
   * Per fund and currency: the fund's net assets (assets + liabilities postings tagged with it)
   * and its income and spending (income:* and expenses:* postings) since two dates. Transfers
   * between funds move assets only, so they change balances but are neither income nor spending.
   */
  async fundSummaries(m: EntityManager, since: { month: string; year: string }, fundId: string | null = null): Promise<FundSummary[]> {
    const rows: { fund_id: string; currency: string; balance: string; income_month: string; income_year: string; spent_month: string; spent_year: string }[] = await m.query(
      `SELECT p.fund_id, p.currency::text AS currency,
              COALESCE(sum(p.amount) FILTER (WHERE p.account LIKE 'assets:%' OR p.account LIKE 'liabilities:%'), 0)::text AS balance,
              COALESCE(-sum(p.amount) FILTER (WHERE p.account LIKE 'income:%' AND e.effective_date >= $1::date), 0)::text AS income_month,
              COALESCE(-sum(p.amount) FILTER (WHERE p.account LIKE 'income:%' AND e.effective_date >= $2::date), 0)::text AS income_year,
              COALESCE(sum(p.amount) FILTER (WHERE p.account LIKE 'expenses:%' AND e.effective_date >= $1::date), 0)::text AS spent_month,
              COALESCE(sum(p.amount) FILTER (WHERE p.account LIKE 'expenses:%' AND e.effective_date >= $2::date), 0)::text AS spent_year
       FROM postings p JOIN journal_entries e ON e.id = p.entry_id
       WHERE $3::uuid IS NULL OR p.fund_id = $3
       GROUP BY p.fund_id, p.currency ORDER BY p.currency`,
      [since.month, since.year, fundId],
    );
    return rows.map((r) => ({
      fundId: r.fund_id,
      currency: r.currency,
      balance: BigInt(r.balance),
      incomeMonth: BigInt(r.income_month),
      incomeYear: BigInt(r.income_year),
      spentMonth: BigInt(r.spent_month),
      spentYear: BigInt(r.spent_year),
    }));
  }

  async entries(filter: LedgerFilter, query: PaginationQuery): Promise<Page<unknown>> {
    const where = `($1::date IS NULL OR e.effective_date >= $1) AND ($2::date IS NULL OR e.effective_date <= $2)
      AND ($3::text IS NULL OR EXISTS (SELECT 1 FROM postings x WHERE x.entry_id = e.id AND (x.account = $3 OR x.account LIKE $3 || ':%')))
      AND ($4::text IS NULL OR EXISTS (SELECT 1 FROM postings x JOIN funds f ON f.id = x.fund_id WHERE x.entry_id = e.id AND f.code = $4))
      AND ($5::uuid IS NULL OR e.donation_id = $5)`;
    const params = [filter.from ?? null, filter.to ?? null, filter.account ?? null, filter.fund ?? null, filter.donationId ?? null];
    const [{ total }] = await this.tx.manager.query(`SELECT count(*)::int AS total FROM journal_entries e WHERE ${where}`, params);
    const rows = await this.tx.manager.query(
      `SELECT e.id, e.seq::text, e.key, e.kind, to_char(e.effective_date, 'YYYY-MM-DD') AS "effectiveDate", e.description,
              e.donation_id AS "donationId", e.reverses, e.posted_at AS "postedAt",
              (SELECT json_agg(json_build_object('account', p.account, 'fund', f.code, 'currency', p.currency,
                      'amount', p.amount::text, 'rate', p.rate::text) ORDER BY p.id)
               FROM postings p JOIN funds f ON f.id = p.fund_id WHERE p.entry_id = e.id) AS postings
       FROM journal_entries e WHERE ${where} ORDER BY e.effective_date DESC, e.seq DESC OFFSET $6 LIMIT $7`,
      [...params, query.offset, query.limit],
    );
    const items = rows.map((r: { seq: string; postings: { amount: string }[] }) => ({
      ...r,
      seq: Number(r.seq),
      postings: r.postings.map((p) => ({ ...p, amount: jsonAmount(p.amount) })),
    }));
    return { items, total, page: query.page, limit: query.limit };
  }
}
