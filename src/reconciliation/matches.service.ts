import { Injectable } from '@nestjs/common';
import { EntityManager, QueryFailedError } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { TransactionService } from '../database/transaction.service.js';
import { LedgerService } from '../ledger/ledger.service.js';
import type { Actor } from '../users/role.js';
import { ITEM_SELECT, ItemRow, toItem } from './match.view.js';
import { ProviderBookingService } from './provider-booking.service.js';
import { CreateMatchDto } from './reconciliation.dto.js';
import { ReconciliationException } from './reconciliation.exception.js';
import { RECONCILIATION_LOCK } from './reconciliation-run.service.js';

interface Target {
  kind: 'stripe_payout' | 'provider_payout' | 'bank_donation';
  column: 'payout_id' | 'provider_payout_id' | 'donation_id';
  id: string;
}

/**
 * What people decide: match a bank line by hand (or accept a suggestion) and undo a match.
 * A person's match is `source = 'manual'`; runs only look at unmatched lines and payouts, so
 * they never undo it, and a pair a person undid is never proposed again.
 */
@Injectable()
export class MatchesService {
  constructor(
    private readonly tx: TransactionService,
    private readonly booking: ProviderBookingService,
    private readonly ledger: LedgerService,
    private readonly audit: AuditService,
  ) {}

  async create(dto: CreateMatchDto, actor: Actor) {
    const targets = [dto.payoutId, dto.providerPayoutId, dto.donationId].filter(Boolean).length;
    if (dto.suggestionId ? targets > 0 || dto.bankLineId : !dto.bankLineId || targets !== 1) {
      throw ReconciliationException.badMatchRequest('Send either suggestionId, or bankLineId with exactly one of payoutId, providerPayoutId, donationId');
    }
    try {
      return await this.tx.run(async (m) => {
        await m.query(RECONCILIATION_LOCK);
        let lineId = dto.bankLineId!;
        let target: Target;
        let rule = 'manual';
        if (dto.suggestionId) {
          const [s] = await m.query(`SELECT * FROM reconciliation_matches WHERE id = $1 FOR UPDATE`, [dto.suggestionId]);
          if (!s) throw ReconciliationException.matchNotFound(dto.suggestionId);
          if (s.state !== 'suggested' || !s.active)
            throw ReconciliationException.conflict('reconciliation_not_a_suggestion', `Match ${s.id} is not an open suggestion (state ${s.state}${s.active ? '' : ', inactive'})`);
          lineId = s.bank_line_id;
          if (s.donation_id) target = { kind: 'bank_donation', column: 'donation_id', id: s.donation_id };
          else if (s.payout_id) target = { kind: 'stripe_payout', column: 'payout_id', id: s.payout_id };
          else target = { kind: 'provider_payout', column: 'provider_payout_id', id: s.provider_payout_id };
          rule = `accepted:${s.rule}`;
        } else if (dto.payoutId) target = { kind: 'stripe_payout', column: 'payout_id', id: dto.payoutId };
        else if (dto.providerPayoutId) target = { kind: 'provider_payout', column: 'provider_payout_id', id: dto.providerPayoutId };
        else target = { kind: 'bank_donation', column: 'donation_id', id: dto.donationId! };

        const line = await this.lockLine(m, lineId);
        if (line.direction !== 'credit')
          throw ReconciliationException.conflict('reconciliation_not_a_credit', `Bank line ${lineId} is a debit; only credits are matched to payouts or donations`);
        const other = await this.counterpart(m, target);
        if (other.amount !== line.amount || other.currency !== line.currency) {
          throw ReconciliationException.conflict(
            'reconciliation_amount_differs',
            `The bank line is ${line.amount} ${line.currency} but the ${target.kind.replace('_', ' ')} is ${other.amount} ${other.currency}; only equal amounts can be matched`,
          );
        }
        const [match] = await m.query(
          `INSERT INTO reconciliation_matches (kind, rule, state, source, bank_line_id, ${target.column}, amount, currency, on_date, note, actor_id)
           VALUES ($1, $2, 'matched', 'manual', $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
          [target.kind, rule, lineId, target.id, line.amount, line.currency, line.booked_on, dto.note ?? null, actor.id],
        );
        await this.settle(m, match.id, lineId, target);
        if (target.kind === 'provider_payout') await this.booking.book(m, match.id, actor.id);
        const item = await this.find(m, match.id);
        await this.audit.record(m, actor, 'reconciliation.match', 'reconciliation_match', match.id, dto.suggestionId ? { suggestionId: dto.suggestionId } : null, item);
        return item;
      });
    } catch (error) {
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505') {
        throw ReconciliationException.conflict('reconciliation_already_matched', 'That payout or donation is already matched to another bank line');
      }
      throw error;
    }
  }

  /** Undoes a match (or rejects a suggestion). Kept as history (inactive, who and when), audited. */
  remove(id: string, actor: Actor) {
    return this.tx.run(async (m) => {
      await m.query(RECONCILIATION_LOCK);
      // A routine match is undone as the row it becomes, under that row's own id.
      const matchId = (await this.materializeRoutine(m, id)) ?? id;
      const [r] = await m.query(`SELECT * FROM reconciliation_matches WHERE id = $1 FOR UPDATE`, [matchId]);
      if (!r) throw ReconciliationException.matchNotFound(matchId);
      if (!r.active || r.state === 'open') throw ReconciliationException.conflict('reconciliation_not_active', `Match ${matchId} is not an active match or suggestion`);
      if (r.kind === 'bank_donation' && r.rule === 'classified_donation') {
        throw ReconciliationException.conflict(
          'reconciliation_classified_donation',
          'This deposit was recorded as a donation; refund or correct the donation instead of undoing the classification',
        );
      }
      const before = await this.find(m, matchId);
      await m.query(`UPDATE reconciliation_matches SET active = false, undone_at = now(), undone_by = $2 WHERE id = $1`, [matchId, actor.id]);
      if (r.state === 'matched') {
        if (r.bank_line_id) await m.query(`UPDATE bank_lines SET match_state = 'unmatched' WHERE id = $1`, [r.bank_line_id]);
        if (r.payout_id) await m.query(`UPDATE payouts SET reconciled_at = NULL, updated_at = now() WHERE id = $1`, [r.payout_id]);
        if (r.donation_id) await m.query(`UPDATE donations SET reconciled_at = NULL, updated_at = now() WHERE id = $1`, [r.donation_id]);
        // The provider's donation stays (the provider did receive it); only its arrival at the bank is taken back.
        if (r.transfer_entry_id) {
          await this.ledger.reverse(m, r.transfer_entry_id, {
            key: `reconciliation:${matchId}:undo`,
            kind: 'reconciliation.undo',
            effectiveDate: new Date().toISOString().slice(0, 10),
            description: 'Payout match undone',
            postedBy: actor.id,
          });
        }
      }
      const after = await this.find(m, matchId);
      await this.audit.record(m, actor, r.state === 'matched' ? 'reconciliation.unmatch' : 'reconciliation.reject_suggestion', 'reconciliation_match', matchId, before, after);
      return after;
    });
  }

  /**
   * A routine Stripe match is held by its donation (migration RoutineMatchOnDonation; its id is the
   * donation's). Before a person undoes it, it becomes the row it stands for, as reconciliation_items
   * shows it (run, balance transaction, time), under an id of its own: the donation may be matched
   * again by a later run, which must not meet its undone match under the same id. The run's count
   * of routine matches drops by one. Answers the row's id; nothing happens for any other id.
   */
  private async materializeRoutine(m: EntityManager, id: string): Promise<string | undefined> {
    const [row]: { id: string }[] = await m.query(
      `WITH routine AS (
         -- Only a routine match has its donation's id: match rows get ids of their own.
         SELECT * FROM reconciliation_items WHERE id = $1 AND donation_id = $1
       ), freed AS (
         UPDATE donations d SET reconciled_run_id = NULL FROM routine WHERE d.id = routine.id
       ), counted AS (
         UPDATE reconciliation_runs u SET routine_matched = u.routine_matched - 1 FROM routine WHERE u.id = routine.run_id
       )
       INSERT INTO reconciliation_matches (run_id, kind, rule, state, source, donation_id, balance_transaction_id, amount, currency, on_date, created_at)
       SELECT run_id, kind, rule, state, source, donation_id, balance_transaction_id, amount, currency, on_date, created_at FROM routine
       RETURNING id`,
      [id],
    );
    return row?.id;
  }

  async lockLine(
    m: EntityManager,
    id: string,
  ): Promise<{ id: string; amount: string; currency: string; direction: string; booked_on: string; match_state: string; reference: string | null; description: string | null }> {
    const [line] = await m.query(
      `SELECT id, amount::text, currency, direction, to_char(booked_on, 'YYYY-MM-DD') AS booked_on, match_state, reference, description FROM bank_lines WHERE id = $1 FOR UPDATE`,
      [id],
    );
    if (!line) throw ReconciliationException.bankLineNotFound(id);
    if (line.match_state !== 'unmatched') throw ReconciliationException.conflict('bank_line_not_open', `Bank line ${id} is already ${line.match_state}; undo that first`);
    return line;
  }

  /** The line is done; its suggestions and open items, and the counterpart's, are settled too. */
  async settle(m: EntityManager, matchId: string, lineId: string, target: { column: string; id: string } | null, state: 'matched' | 'classified' = 'matched'): Promise<void> {
    await m.query(`UPDATE bank_lines SET match_state = $2 WHERE id = $1`, [lineId, state]);
    await m.query(
      `UPDATE reconciliation_matches SET active = false
       WHERE active AND id <> $1 AND state IN ('suggested', 'open') AND (bank_line_id = $2 OR ($3::text IS NOT NULL AND ${target?.column ?? 'payout_id'} = $4::uuid))`,
      [matchId, lineId, target?.column ?? null, target?.id ?? null],
    );
    if (target?.column === 'payout_id') await m.query(`UPDATE payouts SET reconciled_at = now(), updated_at = now() WHERE id = $1`, [target.id]);
    if (target?.column === 'donation_id') await m.query(`UPDATE donations SET reconciled_at = now(), updated_at = now() WHERE id = $1`, [target.id]);
  }

  private async counterpart(m: EntityManager, t: Target): Promise<{ amount: string; currency: string }> {
    const sql = {
      payout_id: `SELECT amount::text, currency::text, status AS state FROM payouts WHERE id = $1 AND provider = 'stripe'`,
      provider_payout_id: `SELECT net::text AS amount, currency, 'paid' AS state FROM provider_payouts WHERE id = $1`,
      donation_id: `SELECT amount::text, currency::text, channel AS state FROM donations WHERE id = $1`,
    }[t.column];
    const [row] = await m.query(sql, [t.id]);
    if (!row) throw ReconciliationException.notFound(t.kind === 'bank_donation' ? 'Donation' : 'Payout', t.id);
    if (t.column === 'payout_id' && row.state !== 'paid') throw ReconciliationException.conflict('reconciliation_payout_not_paid', `Payout ${t.id} is ${row.state}, not paid`);
    if (t.column === 'donation_id') {
      if (row.state === 'stripe')
        throw ReconciliationException.conflict('reconciliation_stripe_donation', 'Stripe donations reach the bank through payouts; match the payout instead');
      const [taken] = await m.query(`SELECT 1 FROM reconciliation_matches WHERE donation_id = $1 AND active AND state = 'matched'`, [t.id]);
      if (taken) throw ReconciliationException.conflict('reconciliation_already_matched', `Donation ${t.id} is already matched to a bank line`);
    }
    return row;
  }

  async find(m: EntityManager, id: string) {
    const [row]: ItemRow[] = await m.query(`${ITEM_SELECT} WHERE r.id = $1`, [id]);
    if (!row) throw ReconciliationException.matchNotFound(id);
    return toItem(row);
  }

  list(q: { offset: number; limit: number; page: number; bankLineId?: string }) {
    return this.tx.run(async (m) => {
      const [{ total }] = await m.query(`SELECT count(*)::int AS total FROM reconciliation_matches r WHERE r.source = 'manual'`);
      const rows: ItemRow[] = await m.query(`${ITEM_SELECT} WHERE r.source = 'manual' ORDER BY r.created_at DESC, r.id OFFSET $1 LIMIT $2`, [q.offset, q.limit]);
      return { items: rows.map(toItem), total, page: q.page, limit: q.limit };
    });
  }
}
