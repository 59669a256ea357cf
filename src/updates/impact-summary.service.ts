import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { ImpactSummary } from './impact-summary.js';
import { countedDonation } from '../donations/counted.js';

/**
 * Reads an impact summary from the books and the grants. Donations are the ledger's income
 * per channel (credits are negative postings, so income is minus their sum), which is why the
 * figures always equal the ledger's: refunds and disputes posted in the period count against
 * it exactly as they do in the accounts. Roles come from the roles feature's table, public ones only.
 */
@Injectable()
export class ImpactSummaryService {
  async compute(m: EntityManager, from: string, to: string): Promise<ImpactSummary> {
    const donations: ImpactSummary['donations'] = await m.query(
      `SELECT split_part(p.account, ':', 3) AS channel, p.currency, (-sum(p.amount))::text AS amount
         FROM postings p JOIN journal_entries e ON e.id = p.entry_id
        WHERE p.account LIKE 'income:donations:%' AND e.effective_date BETWEEN $1 AND $2
        GROUP BY 1, 2 HAVING sum(p.amount) <> 0 ORDER BY 1, 2`,
      [from, to],
    );
    const [{ sponsors }]: { sponsors: number }[] = await m.query(
      `SELECT count(DISTINCT sponsor_id)::int AS sponsors FROM donations
        WHERE ${countedDonation()} AND sponsor_id IS NOT NULL AND received_at >= $1::date AND received_at < $2::date + 1`,
      [from, to],
    );
    const milestonesCompleted: ImpactSummary['milestonesCompleted'] = await m.query(
      `SELECT g.title AS grant, ms.title AS milestone FROM milestones ms JOIN grants g ON g.id = ms.grant_id
        WHERE ms.status IN ('approved', 'payment_requested', 'paid') AND ms.decided_at >= $1::date AND ms.decided_at < $2::date + 1
        ORDER BY ms.decided_at, g.title, ms.position`,
      [from, to],
    );
    // Public roles only, and only those that were filled during the period: a sponsor may read
    // who their money paid, never who holds a role the organisation keeps private.
    const roles: ImpactSummary['roles'] = await m.query(
      `SELECT title, holder_name AS holder FROM roles
        WHERE public AND status IN ('active', 'ended') AND starts_on <= $2 AND (ends_on IS NULL OR ends_on >= $1)
        ORDER BY starts_on, title`,
      [from, to],
    );
    return { period: { from, to }, donations, sponsors, milestonesCompleted, roles };
  }
}
