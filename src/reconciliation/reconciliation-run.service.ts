import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { Page } from '../common/pagination/pagination.dto.js';
import { TransactionService } from '../database/transaction.service.js';
import { FundsService } from '../funds/funds.service.js';
import { Accounts } from '../ledger/accounts.js';
import { LedgerService } from '../ledger/ledger.service.js';
import { isConnectionLoss } from '../imports/connection-loss.js';
import type { Actor } from '../users/role.js';
import { ITEM_SELECT, ITEM_SELECT_ROWS, ItemRow, toItem } from './match.view.js';
import { ProviderBookingService } from './provider-booking.service.js';
import { CreateRunDto, RunItemsQuery } from './reconciliation.dto.js';
import { ReconciliationException } from './reconciliation.exception.js';
import { MANUAL_DONATION_WINDOW, PROVIDER_PATTERN, UNDATED_WINDOW, WINDOW } from './rules.js';
import * as SQL from './run-sql.js';

/** Runs and month closes change the same rows: they queue behind this lock. */
export const RECONCILIATION_LOCK = `SELECT pg_advisory_xact_lock(hashtextextended('coffer:reconciliation', 0))`;
/** A run's answer lists at most this many items; the rest are paged with GET /runs/:id/items. */
const INLINE_ITEMS = 500;
const MAX_DAYS = 366;

/**
 * One reconciliation run: everything in ONE transaction, set-based SQL (run-sql.ts), so a
 * failure leaves nothing and 200k rows never pass through JavaScript. The only per-row work
 * in code is booking what the ledger needs (missing webhooks, matched provider payouts): the
 * anomalies, few by nature, go through the same DonationsService path as everything else.
 */
@Injectable()
export class ReconciliationRunService {
  constructor(
    private readonly tx: TransactionService,
    private readonly ledger: LedgerService,
    private readonly funds: FundsService,
    private readonly booking: ProviderBookingService,
    private readonly audit: AuditService,
  ) {}

  async run(dto: CreateRunDto, actor: Actor) {
    const days = (Date.parse(dto.to) - Date.parse(dto.from)) / 86_400_000;
    if (days < 0) throw ReconciliationException.badWindow('to must not be before from');
    if (days > MAX_DAYS) throw ReconciliationException.badWindow(`a run covers at most ${MAX_DAYS} days`);
    try {
      const id = await this.tx.run(async (m) => {
        await m.query(RECONCILIATION_LOCK);
        // The run joins 200k-row sets: let its hashes and sorts stay in memory (this transaction only).
        await m.query(`SET LOCAL work_mem = '64MB'`);
        const [run] = await m.query(`INSERT INTO reconciliation_runs (from_date, to_date, actor_id, actor_email) VALUES ($1, $2, $3, $4) RETURNING id`, [
          dto.from,
          dto.to,
          actor.id,
          actor.email,
        ]);
        const window = [dto.from, dto.to];
        await m.query(SQL.SUPERSEDE, window);
        await this.createMissing(m, window, run.id);
        const [{ routine }]: { routine: number }[] = await m.query(SQL.MATCH_STRIPE_DONATIONS, [...window, run.id]);
        await m.query(SQL.DONATIONS_NOT_IN_STRIPE, [...window, run.id]);
        await m.query(SQL.MATCH_PAYOUTS, [
          ...window,
          run.id,
          PROVIDER_PATTERN.stripe,
          PROVIDER_PATTERN.patreon,
          PROVIDER_PATTERN.merch,
          WINDOW.before,
          WINDOW.after,
          UNDATED_WINDOW.before,
          UNDATED_WINDOW.after,
        ]);
        for (const statement of SQL.MARK_MATCHED) await m.query(statement, [run.id]);
        const provider: { id: string }[] = await m.query(
          `SELECT id FROM reconciliation_matches WHERE run_id = $1 AND state = 'matched' AND provider_payout_id IS NOT NULL ORDER BY on_date, id`,
          [run.id],
        );
        for (const match of provider) await this.booking.book(m, match.id, actor.id);
        await m.query(SQL.SUGGEST_MANUAL_DONATIONS, [...window, run.id, MANUAL_DONATION_WINDOW.before, MANUAL_DONATION_WINDOW.after]);
        await m.query(SQL.LEFT_OVER, [...window, run.id]);
        await m.query(SQL.RETIRE_RESOLVED, window);
        const [totals] = await m.query(SQL.TOTALS, [run.id, routine]);
        await m.query(`UPDATE reconciliation_runs SET matched = $2, suggested = $3, unmatched = $4, routine_matched = $5 WHERE id = $1`, [
          run.id,
          totals.matched,
          totals.suggested,
          totals.unmatched,
          routine,
        ]);
        await this.audit.record(m, actor, 'reconciliation.run', 'reconciliation_run', run.id, null, { ...dto, ...totals });
        return run.id as string;
      });
      return this.summary(id);
    } catch (error) {
      if (isConnectionLoss(error)) throw ReconciliationException.databaseLost();
      throw error;
    }
  }

  /**
   * Balance transactions of charges with no donation: booked in one statement exactly as their
   * webhook would have (DonationsService.record's books, see BOOK_MISSING_DONATIONS), flagged;
   * those in a closed month, which the books refuse, become the run's open items instead.
   */
  private async createMissing(m: EntityManager, window: string[], runId: string): Promise<void> {
    const fundId = await this.funds.idFor(m, 'general', { requireActive: false });
    // journal-shapes' donationReceived, in its order: holding (net), fees, income (gross).
    const accounts = [Accounts.holding('stripe'), Accounts.fees('stripe'), Accounts.income('stripe')];
    const conflicted: { source: string }[] = await m.query(SQL.BOOK_MISSING_DONATIONS, [...window, fundId, ...accounts, this.ledger.baseCurrency, 'Donation via stripe', runId]);
    // Charges a webhook booked while this run was booking them: theirs stand, flagged as found by the run (as before).
    if (conflicted.length === 0) return;
    await m.query(`UPDATE donations SET reconciliation_flag = 'missing_webhook' WHERE channel = 'stripe' AND external_id = ANY($1) AND reconciliation_flag IS NULL`, [
      conflicted.map((bt) => bt.source),
    ]);
  }

  /** The run's totals, counts per rule, and its items except the routine donation ↔ balance transaction matches. */
  async summary(id: string) {
    const m = this.tx.manager;
    const [run] = await m.query(
      `SELECT id, to_char(from_date, 'YYYY-MM-DD') AS "from", to_char(to_date, 'YYYY-MM-DD') AS "to", matched, suggested, unmatched,
              actor_email AS "actorEmail", created_at AS "createdAt" FROM reconciliation_runs WHERE id = $1`,
      [id],
    );
    if (!run) throw ReconciliationException.runNotFound(id);
    // The routine matches held on donations are counted on the run (routine_matched), not scanned for.
    const byRule = await m.query(
      `SELECT kind, rule, state, sum(n)::int AS count FROM (
         SELECT kind, rule, state, count(*) AS n FROM reconciliation_matches WHERE run_id = $1 GROUP BY kind, rule, state
         UNION ALL
         SELECT 'stripe_donation', 'charge_source', 'matched', routine_matched FROM reconciliation_runs WHERE id = $1 AND routine_matched > 0
       ) x GROUP BY kind, rule, state ORDER BY kind, rule, state`,
      [id],
    );
    const rows: ItemRow[] = await m.query(
      `${ITEM_SELECT_ROWS} WHERE r.run_id = $1 AND NOT (r.kind = 'stripe_donation' AND r.state = 'matched')
       ORDER BY r.on_date, r.kind, r.id LIMIT ${INLINE_ITEMS}`,
      [id],
    );
    return { ...run, byRule, items: rows.map(toItem) };
  }

  /** The newest run over exactly this window, summarised (the staff month page shows its matches), or null. */
  async latestFor(from: string, to: string) {
    const [run] = await this.tx.manager.query(`SELECT id FROM reconciliation_runs WHERE from_date = $1 AND to_date = $2 ORDER BY created_at DESC, id DESC LIMIT 1`, [from, to]);
    return run ? this.summary(run.id) : null;
  }

  async items(id: string, q: RunItemsQuery): Promise<Page<ReturnType<typeof toItem>>> {
    const m = this.tx.manager;
    const [exists] = await m.query(`SELECT 1 FROM reconciliation_runs WHERE id = $1`, [id]);
    if (!exists) throw ReconciliationException.runNotFound(id);
    const where = `r.run_id = $1 AND ($2::text IS NULL OR r.state = $2) AND ($3::text IS NULL OR r.kind = $3)`;
    const params = [id, q.state ?? null, q.kind ?? null];
    const [{ total }] = await m.query(`SELECT count(*)::int AS total FROM reconciliation_items r WHERE ${where}`, params);
    const rows: ItemRow[] = await m.query(`${ITEM_SELECT} WHERE ${where} ORDER BY r.on_date, r.kind, r.id OFFSET $4 LIMIT $5`, [...params, q.offset, q.limit]);
    return { items: rows.map(toItem), total, page: q.page, limit: q.limit };
  }

  async list(q: { offset: number; limit: number; page: number }) {
    const m = this.tx.manager;
    const [{ total }] = await m.query(`SELECT count(*)::int AS total FROM reconciliation_runs`);
    const items = await m.query(
      `SELECT id, to_char(from_date, 'YYYY-MM-DD') AS "from", to_char(to_date, 'YYYY-MM-DD') AS "to", matched, suggested, unmatched,
              actor_email AS "actorEmail", created_at AS "createdAt" FROM reconciliation_runs ORDER BY created_at DESC, id OFFSET $1 LIMIT $2`,
      [q.offset, q.limit],
    );
    return { items, total, page: q.page, limit: q.limit };
  }
}
