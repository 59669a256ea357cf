import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { TransactionService } from '../database/transaction.service.js';
import type { PreferenceCategory } from './email-category.js';

export type SuppressionSource = 'link' | 'one_click' | 'staff' | 'bounce' | 'preferences';

/**
 * Who asked not to get which email, keyed by the lower-cased address so it works for any
 * recipient (sponsors, donors without a sponsor record, anyone on a bulk list). `all` covers
 * every category. The outbox worker checks it at send time; features may check it before
 * they enqueue (e.g. skip a receipt) to keep the delivery log quiet.
 */
@Injectable()
export class SuppressionService {
  constructor(private readonly tx: TransactionService) {}

  async isSuppressed(email: string, category: Exclude<PreferenceCategory, 'all'> | 'all', m: EntityManager = this.tx.manager): Promise<boolean> {
    const rows: unknown[] = await m.query(`SELECT 1 FROM email_suppression WHERE email_lower = lower($1) AND category IN ($2, 'all') LIMIT 1`, [email.trim(), category]);
    return rows.length > 0;
  }

  /** Idempotent: suppressing twice keeps the first record (and its source and time). */
  async suppress(email: string, category: PreferenceCategory, source: SuppressionSource, m?: EntityManager): Promise<void> {
    const run = (manager: EntityManager) =>
      manager.query(
        `INSERT INTO email_suppression (email_lower, category, source) VALUES (lower($1), $2, $3)
         ON CONFLICT (email_lower, category) DO NOTHING`,
        [email.trim(), category, source],
      );
    await (m ? run(m) : this.tx.run(run));
  }

  /** For a recipient who opts back in (e.g. a sponsor re-enabling updates in their preferences). */
  async unsuppress(email: string, category: PreferenceCategory, m?: EntityManager): Promise<void> {
    const run = (manager: EntityManager) => manager.query(`DELETE FROM email_suppression WHERE email_lower = lower($1) AND category = $2`, [email.trim(), category]);
    await (m ? run(m) : this.tx.run(run));
  }

  /** The categories each address has opted out of, for a batch of addresses (one query). */
  async categoriesFor(emails: string[], m: EntityManager = this.tx.manager): Promise<Map<string, Set<PreferenceCategory>>> {
    const result = new Map<string, Set<PreferenceCategory>>();
    if (emails.length === 0) return result;
    const rows: { email: string; category: PreferenceCategory }[] = await m.query(
      `SELECT email_lower AS email, category FROM email_suppression WHERE email_lower = ANY($1::text[])`,
      [[...new Set(emails.map((e) => e.trim().toLowerCase()))]],
    );
    for (const row of rows) {
      if (!result.has(row.email)) result.set(row.email, new Set());
      result.get(row.email)!.add(row.category);
    }
    return result;
  }
}
