import { Injectable } from '@nestjs/common';
import type Stripe from 'stripe';
import { AuditService } from '../audit/audit.service.js';
import { updateReturning } from '../database/sql.js';
import { TransactionService } from '../database/transaction.service.js';
import { DonationAdjustmentsService } from '../donations/donation-adjustments.service.js';
import type { Actor } from '../users/role.js';
import { ChargeHandler } from './charge.handler.js';
import { PayoutHandler } from './payout.handler.js';
import { StripeClient } from './stripe.client.js';
import { StripeException } from './stripe.exception.js';
import { dateOf, idOf, StripeBalanceTransaction, StripeCharge, StripePayout } from './stripe-objects.js';

export interface SyncReport {
  balanceTransactions: number;
  payouts: number;
  donationsCreated: number;
  feesCompleted: number;
  /** Pending fees whose balance transaction Stripe does not know (left pending, for a human). */
  unresolved: { donationId: string; balanceTransaction: string; message: string }[];
  from: { balanceTransactions: number; payouts: number };
}

const UPSERT_BALANCE_TRANSACTION = `INSERT INTO stripe_balance_transactions (id, type, source, amount, fee, net, currency, created, available_on, payout)
  VALUES ($1, $2, $3, $4, $5, $6, $7, to_timestamp($8), to_timestamp($9), $10)
  ON CONFLICT (id) DO UPDATE SET type = EXCLUDED.type, source = EXCLUDED.source, amount = EXCLUDED.amount, fee = EXCLUDED.fee,
    net = EXCLUDED.net, currency = EXCLUDED.currency, available_on = EXCLUDED.available_on, payout = COALESCE(EXCLUDED.payout, stripe_balance_transactions.payout), synced_at = now()`;

function balanceTransactionRow(bt: StripeBalanceTransaction & { available_on?: number | null; payout?: unknown }): unknown[] {
  return [
    bt.id,
    bt.type,
    idOf(bt.source),
    bt.amount,
    bt.fee ?? 0,
    bt.net ?? bt.amount - (bt.fee ?? 0),
    bt.currency.toUpperCase(),
    bt.created,
    bt.available_on ?? null,
    idOf(bt.payout as string | null) ?? null,
  ];
}

/** A sync older than this is taken to have died with its instance, and may be taken over. */
const STALE_MINUTES = 15;

/**
 * `POST /api/v1/stripe/sync`: pages through Stripe's balance transactions and payouts since
 * the last sync and feeds each to the same handlers the webhooks use, so whatever a lost
 * webhook missed is created and everything already recorded is left alone. Pending fees are
 * completed from their balance transactions. One sync at a time across instances (a claimed
 * row), and every SDK call happens outside any database transaction.
 */
@Injectable()
export class StripeSyncService {
  constructor(
    private readonly client: StripeClient,
    private readonly tx: TransactionService,
    private readonly charges: ChargeHandler,
    private readonly payouts: PayoutHandler,
    private readonly adjustments: DonationAdjustmentsService,
    private readonly audit: AuditService,
  ) {}

  async sync(actor: Actor): Promise<SyncReport> {
    const api = this.client.require();
    const [claim] = await updateReturning<{ balance_cursor: string; payout_cursor: string }>(
      this.tx.manager,
      `UPDATE stripe_sync_state SET running_since = now()
       WHERE id = 1 AND (running_since IS NULL OR running_since < now() - make_interval(mins => $1))
       RETURNING balance_cursor::text, payout_cursor::text`,
      [STALE_MINUTES],
    );
    if (!claim) throw StripeException.syncRunning();
    const report: SyncReport = {
      balanceTransactions: 0,
      payouts: 0,
      donationsCreated: 0,
      feesCompleted: 0,
      unresolved: [],
      from: { balanceTransactions: Number(claim.balance_cursor), payouts: Number(claim.payout_cursor) },
    };
    let balanceCursor = Number(claim.balance_cursor);
    let payoutCursor = Number(claim.payout_cursor);
    try {
      for await (const raw of api.balanceTransactions.list({ created: { gte: balanceCursor }, limit: 100 })) {
        const bt = raw as unknown as StripeBalanceTransaction;
        report.balanceTransactions++;
        // Kept for reconciliation, which compares Stripe's balance with the donations in SQL.
        await this.tx.manager.query(UPSERT_BALANCE_TRANSACTION, balanceTransactionRow(bt));
        await this.applyBalanceTransaction(api, bt, report);
        balanceCursor = Math.max(balanceCursor, bt.created);
      }
      for await (const raw of api.payouts.list({ created: { gte: payoutCursor }, limit: 100 })) {
        const payout = raw as unknown as StripePayout;
        report.payouts++;
        await this.tx.run((m) => this.payouts.apply(m, payout, `payout.${payout.status}`));
        payoutCursor = Math.max(payoutCursor, payout.created);
      }
      report.feesCompleted += await this.completePendingFees(api, report);
    } catch (error) {
      if (error instanceof StripeException) throw error;
      throw StripeException.upstream(error instanceof Error ? error.message : String(error));
    } finally {
      // Cursors only advance past what was applied; overlap on the next run is harmless.
      await this.tx.run(async (m) => {
        await m.query(`UPDATE stripe_sync_state SET running_since = NULL, last_run_at = now(), balance_cursor = $1, payout_cursor = $2 WHERE id = 1`, [
          balanceCursor,
          payoutCursor,
        ]);
        await this.audit.record(m, actor, 'stripe.sync', 'stripe_sync', null, null, report);
      });
    }
    return report;
  }

  private async applyBalanceTransaction(api: Stripe, bt: StripeBalanceTransaction, report: SyncReport): Promise<void> {
    const source = idOf(bt.source);
    if (!source) return;
    let chargeId: string | null = null;
    if ((bt.type === 'charge' || bt.type === 'payment') && source.startsWith('ch_')) chargeId = source;
    else if (bt.type === 'refund' || bt.type === 'payment_refund') chargeId = idOf((await api.refunds.retrieve(source)).charge);
    else if (bt.type === 'payout' && source.startsWith('po_')) {
      const payout = (await api.payouts.retrieve(source)) as unknown as StripePayout;
      await this.tx.run((m) => this.payouts.apply(m, payout, `payout.${payout.status}`));
      return;
    }
    if (!chargeId) return;
    const charge = (await api.charges.retrieve(chargeId)) as unknown as StripeCharge;
    const chargeBt = bt.type === 'charge' || bt.type === 'payment' ? bt : null;
    const fullBt = chargeBt ?? (typeof charge.balance_transaction === 'string' ? await api.balanceTransactions.retrieve(charge.balance_transaction) : null);
    await this.tx.run(async (m) => {
      const [before] = await m.query(`SELECT fee_pending FROM donations WHERE channel = 'stripe' AND external_id = $1`, [charge.id]);
      await this.charges.applyCharge(m, charge, fullBt, bt.created);
      if (!before) {
        report.donationsCreated++;
        // The sync created it, so its webhook never came: reconciliation lists it as such.
        await m.query(`UPDATE donations SET reconciliation_flag = 'missing_webhook' WHERE channel = 'stripe' AND external_id = $1`, [charge.id]);
      } else if (before.fee_pending) {
        const [after] = await m.query(`SELECT fee_pending FROM donations WHERE channel = 'stripe' AND external_id = $1`, [charge.id]);
        if (!after.fee_pending) report.feesCompleted++;
      }
    });
  }

  private async completePendingFees(api: Stripe, report: SyncReport): Promise<number> {
    const pending: { id: string; balance_transaction: string }[] = await this.tx.manager.query(
      `SELECT id, balance_transaction FROM donations WHERE fee_pending AND balance_transaction IS NOT NULL ORDER BY received_at LIMIT 1000`,
    );
    let done = 0;
    for (const d of pending) {
      let bt: StripeBalanceTransaction;
      try {
        bt = await api.balanceTransactions.retrieve(d.balance_transaction);
      } catch (error) {
        // One record Stripe does not know must not stop the rest; it is reported instead.
        if ((error as { statusCode?: number }).statusCode === 404) {
          report.unresolved.push({ donationId: d.id, balanceTransaction: d.balance_transaction, message: 'Stripe does not know this balance transaction' });
          continue;
        }
        throw error;
      }
      if (await this.tx.run((m) => this.adjustments.completeFee(m, d.id, BigInt(bt.fee), bt.id, dateOf(bt.created)))) done++;
    }
    return done;
  }
}
