import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { jsonAmount } from '../common/money/money.js';
import { TransactionService } from '../database/transaction.service.js';
import { RECONCILIATION_LOCK } from '../reconciliation/reconciliation-run.service.js';
import type { Actor } from '../users/role.js';
import { PeriodsException } from './periods.exception.js';
import { OPEN_ITEMS, STATEMENT } from './statement.sql.js';

interface StatementRow {
  account: string;
  fund_id: string;
  fund: string;
  currency: string;
  opening: string;
  donations: string;
  fees: string;
  refunds: string;
  payouts: string;
  other: string;
  closing: string;
}

const COLUMNS = ['opening', 'donations', 'fees', 'refunds', 'payouts', 'other', 'closing'] as const;

/**
 * Month close. A month closes when every bank line booked in it is matched or classified, no
 * suggestion is pending and every Stripe-side finding dated in it (`donation_not_in_stripe`,
 * `payout_not_in_bank`) is resolved or acknowledged with a reason; closing stores its statement, and from then on the database
 * itself (trigger `journal_entries_closed_period`) refuses entries dated in it.
 */
@Injectable()
export class PeriodsService {
  constructor(
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
  ) {}

  async close(month: string, actor: Actor) {
    const first = firstDay(month);
    return this.tx.run(async (m) => {
      // Queue behind any running reconciliation, so the check and the close see the same lines.
      await m.query(RECONCILIATION_LOCK);
      const [{ over }] = await m.query(`SELECT ($1::date + interval '1 month')::date <= current_date AS over`, [first]);
      if (!over) throw PeriodsException.notOver(month);
      const [closed] = await m.query(`SELECT 1 FROM periods WHERE month = $1`, [first]);
      if (closed) throw PeriodsException.alreadyClosed(month);
      const open = await this.openItems(m, first);
      if (open.length) throw PeriodsException.openItems(month, open);
      await m.query(`INSERT INTO periods (month, closed_by, closed_by_email) VALUES ($1, $2, $3)`, [first, actor.id, actor.email]);
      await m.query(
        `INSERT INTO period_statements (month, account, fund_id, currency, opening, donations, fees, refunds, payouts, other, closing)
         SELECT $1, account, fund_id, currency, opening::bigint, donations::bigint, fees::bigint, refunds::bigint, payouts::bigint, other::bigint, closing::bigint
         FROM (${STATEMENT}) s`,
        [first],
      );
      const result = await this.read(m, month);
      await this.audit.record(m, actor, 'period.close', 'period', month, null, { month, accounts: result.statement.length });
      return result;
    });
  }

  /** Refuses (409) a money event dated in a closed month, before anything is written for it. */
  async assertOpen(m: EntityManager, date: string): Promise<void> {
    const [closed] = await m.query(`SELECT to_char(month, 'YYYY-MM') AS month FROM periods WHERE month = date_trunc('month', $1::date)::date`, [date]);
    if (closed) throw PeriodsException.closedFor(closed.month, date);
  }

  get(month: string) {
    firstDay(month);
    return this.tx.run((m) => this.read(m, month));
  }

  private async read(m: EntityManager, month: string) {
    const first = firstDay(month);
    const [period] = await m.query(`SELECT closed_at, closed_by_email FROM periods WHERE month = $1`, [first]);
    if (period) {
      const rows: StatementRow[] = await m.query(
        `SELECT s.account, s.fund_id, f.code AS fund, s.currency::text AS currency, ${COLUMNS.map((c) => `s.${c}::text`).join(', ')}
         FROM period_statements s JOIN funds f ON f.id = s.fund_id WHERE s.month = $1 ORDER BY s.account, f.code, s.currency`,
        [first],
      );
      return { month, state: 'closed' as const, closedAt: period.closed_at, closedBy: period.closed_by_email, openItems: [], statement: rows.map(toLine) };
    }
    const open = await this.openItems(m, first);
    const rows: StatementRow[] = await m.query(STATEMENT, [first]);
    return { month, state: 'open' as const, closedAt: null, closedBy: null, openItems: open, statement: rows.map(toLine) };
  }

  private async openItems(m: EntityManager, first: string) {
    const rows: { amount: string }[] = await m.query(OPEN_ITEMS, [first]);
    return rows.map((r) => ({ ...r, amount: jsonAmount(r.amount) }));
  }
}

function firstDay(month: string): string {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw PeriodsException.badMonth(month);
  return `${month}-01`;
}

function toLine(r: StatementRow) {
  const line: Record<string, unknown> = { account: r.account, fund: r.fund, currency: r.currency };
  for (const c of COLUMNS) line[c] = jsonAmount(r[c]);
  return line;
}
