import { Injectable } from '@nestjs/common';
import { TransactionService } from '../database/transaction.service.js';

export interface LedgerCheckReport {
  ok: boolean;
  entries: number;
  postings: number;
  /** Entries whose postings do not sum to zero in some currency. */
  unbalanced: { entryId: string; currency: string; leftOver: string }[];
  /** Entries with fewer than two postings. */
  incomplete: string[];
  /** Donations whose booked income or fee differs from the donation row (subledger ≠ journal). */
  donationMismatches: { donationId: string; expectedIncome: string; bookedIncome: string; expectedFee: string; bookedFee: string }[];
  /** Payouts marked paid without their entry, or failed with a paid entry left unreversed. */
  payoutMismatches: { payoutId: string; status: string }[];
}

/**
 * The nightly-style integrity check (`npm run cli -- ledger:check`). Balances are not cached,
 * so "cached = recomputed" has nothing to compare; instead it proves the journal against
 * itself (every entry balances) and against the donation and payout records it came from.
 */
@Injectable()
export class LedgerCheckService {
  constructor(private readonly tx: TransactionService) {}

  async run(): Promise<LedgerCheckReport> {
    const m = this.tx.manager;
    const [{ entries, postings }] = await m.query(`SELECT (SELECT count(*)::int FROM journal_entries) AS entries, (SELECT count(*)::int FROM postings) AS postings`);
    const unbalanced = await m.query(
      `SELECT entry_id AS "entryId", currency, sum(amount)::text AS "leftOver" FROM postings
       GROUP BY entry_id, currency HAVING sum(amount) <> 0 ORDER BY entry_id LIMIT 100`,
    );
    const incomplete: { id: string }[] = await m.query(
      `SELECT e.id FROM journal_entries e LEFT JOIN postings p ON p.entry_id = e.id GROUP BY e.id HAVING count(p.id) < 2 LIMIT 100`,
    );
    // Income booked for a donation = gross − refunds − disputes lost; fees = the donation's fee.
    const donationMismatches = await m.query(
      `WITH booked AS (
         SELECT e.donation_id,
                -sum(p.amount) FILTER (WHERE p.account LIKE 'income:donations:%') AS income,
                sum(p.amount) FILTER (WHERE p.account LIKE 'expenses:fees:%' AND e.kind <> 'dispute.fee') AS fee
         FROM journal_entries e JOIN postings p ON p.entry_id = e.id
         WHERE e.donation_id IS NOT NULL GROUP BY e.donation_id),
       lost AS (SELECT donation_id, sum(amount) AS amount FROM stripe_disputes WHERE status = 'lost' GROUP BY donation_id),
       -- A reversed donation (a manual entry corrected by its reversal) books nothing in the end.
       expected AS (
         SELECT d.id, d.fee_pending,
                CASE WHEN d.status = 'reversed' THEN 0 ELSE d.amount - d.refunded_amount - COALESCE(l.amount, 0) END AS income,
                CASE WHEN d.status = 'reversed' THEN 0 ELSE d.fee END AS fee
         FROM donations d LEFT JOIN lost l ON l.donation_id = d.id WHERE d.status <> 'failed')
       SELECT x.id AS "donationId", x.income::text AS "expectedIncome", COALESCE(b.income, 0)::text AS "bookedIncome",
              x.fee::text AS "expectedFee", COALESCE(b.fee, 0)::text AS "bookedFee"
       FROM expected x LEFT JOIN booked b ON b.donation_id = x.id
       WHERE COALESCE(b.income, 0) <> x.income OR (NOT x.fee_pending AND COALESCE(b.fee, 0) <> x.fee)
       LIMIT 100`,
    );
    const payoutMismatches = await m.query(
      `SELECT p.id AS "payoutId", p.status FROM payouts p
       WHERE (p.status = 'paid' AND p.paid_entry_id IS NULL)
          OR (p.status = 'failed' AND p.paid_entry_id IS NOT NULL AND p.failed_entry_id IS NULL)
       LIMIT 100`,
    );
    const report: LedgerCheckReport = {
      ok: false,
      entries,
      postings,
      unbalanced,
      incomplete: incomplete.map((r) => r.id),
      donationMismatches,
      payoutMismatches,
    };
    report.ok = !unbalanced.length && !incomplete.length && !donationMismatches.length && !payoutMismatches.length;
    return report;
  }
}
