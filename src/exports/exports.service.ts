import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Env } from '../config/env.validation.js';
import { TransactionService } from '../database/transaction.service.js';
import { beancountEntry, beancountHeader, CSV_HEADER, csvRows, ExportEntry, ledgerEntry, ledgerHeader } from './journal-format.js';

export type JournalFormat = 'ledger' | 'beancount' | 'csv';

const PAGE = 2000;

/**
 * The books as plain-text journals an accountant's tools accept (hledger/Ledger, Beancount)
 * or a spreadsheet-friendly CSV. A `from` date opens with one entry carrying every balance
 * brought forward (against `equity:opening-balances`), so the export's closing balances
 * equal the API's for any range.
 */
@Injectable()
export class ExportsService {
  private readonly base: string;

  constructor(
    private readonly tx: TransactionService,
    config: ConfigService<Env, true>,
  ) {
    this.base = config.get('BASE_CURRENCY', { infer: true });
  }

  async journal(format: JournalFormat, from?: string, to?: string): Promise<string> {
    const m = this.tx.manager;
    const range = [from ?? null, to ?? null];
    const [meta] = await m.query(
      `SELECT COALESCE(array_agg(DISTINCT p.currency ORDER BY p.currency), '{}') AS currencies,
              COALESCE(array_agg(DISTINCT p.account ORDER BY p.account), '{}') AS accounts,
              to_char(COALESCE(min(e.effective_date), current_date), 'YYYY-MM-DD') AS first
       FROM postings p JOIN journal_entries e ON e.id = p.entry_id WHERE ($1::date IS NULL OR e.effective_date <= $1)`,
      [to ?? null],
    );
    const accounts: string[] = [...meta.accounts];
    const opening = from ? await this.opening(from) : null;
    if (opening && !accounts.includes('equity:opening-balances')) accounts.push('equity:opening-balances');
    const chunks: string[] = [];
    if (format === 'ledger') chunks.push(ledgerHeader(meta.currencies, accounts));
    else if (format === 'beancount') chunks.push(beancountHeader(this.base, meta.currencies, accounts, meta.first < (from ?? '9999') ? meta.first : from!));
    else chunks.push(CSV_HEADER);
    const render = (e: ExportEntry) => (format === 'ledger' ? ledgerEntry(e) : format === 'beancount' ? beancountEntry(e) : csvRows(e));
    if (opening && opening.postings.length) chunks.push(render(opening));

    let after: [string, number] = ['0001-01-01', 0];
    for (;;) {
      const rows: {
        id: string;
        seq: string;
        date: string;
        kind: string;
        description: string;
        donation_id: string | null;
        postings: { account: string; fund: string; currency: string; amount: string; rate: string | null }[];
      }[] = await m.query(
        `SELECT e.id, e.seq::text, to_char(e.effective_date, 'YYYY-MM-DD') AS date, e.kind, e.description, e.donation_id,
                  (SELECT json_agg(json_build_object('account', p.account, 'fund', f.code, 'currency', p.currency, 'amount', p.amount::text, 'rate', p.rate::text) ORDER BY p.id)
                   FROM postings p JOIN funds f ON f.id = p.fund_id WHERE p.entry_id = e.id) AS postings
           FROM journal_entries e
           WHERE ($1::date IS NULL OR e.effective_date >= $1) AND ($2::date IS NULL OR e.effective_date <= $2)
             AND (e.effective_date, e.seq) > ($3::date, $4::bigint)
           ORDER BY e.effective_date, e.seq LIMIT ${PAGE}`,
        [...range, after[0], after[1]],
      );
      for (const r of rows) {
        chunks.push(
          render({
            id: r.id,
            seq: Number(r.seq),
            date: r.date,
            kind: r.kind,
            description: r.description,
            donationId: r.donation_id,
            postings: r.postings.map((p) => ({ ...p, amount: BigInt(p.amount) })),
          }),
        );
      }
      if (rows.length < PAGE) break;
      const last = rows[rows.length - 1];
      after = [last.date, Number(last.seq)];
    }
    return chunks.join('');
  }

  /** Balances before `from`, per account, fund and currency, as one balanced opening entry. */
  private async opening(from: string): Promise<ExportEntry> {
    const rows: { account: string; fund: string; currency: string; amount: string }[] = await this.tx.manager.query(
      `SELECT p.account, f.code AS fund, p.currency, sum(p.amount)::text AS amount
       FROM postings p JOIN journal_entries e ON e.id = p.entry_id JOIN funds f ON f.id = p.fund_id
       WHERE e.effective_date < $1 GROUP BY 1, 2, 3 HAVING sum(p.amount) <> 0 ORDER BY 1, 2, 3`,
      [from],
    );
    const postings = rows.map((r) => ({ account: r.account, fund: r.fund, currency: r.currency, amount: BigInt(r.amount), rate: null }));
    // Each fund and currency sums to zero already (every entry did); the equity line per fund keeps it visible.
    const byFund = new Map<string, bigint>();
    for (const p of postings) byFund.set(`${p.fund} ${p.currency}`, (byFund.get(`${p.fund} ${p.currency}`) ?? 0n) + p.amount);
    for (const [key, sum] of byFund) {
      const [fund, currency] = key.split(' ');
      if (sum !== 0n) postings.push({ account: 'equity:opening-balances', fund, currency, amount: -sum, rate: null });
    }
    return { id: 'opening', seq: 0, date: from, kind: 'opening', description: `Balances brought forward to ${from}`, donationId: null, postings };
  }
}
