import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { TransactionService } from '../database/transaction.service.js';
import { FundsService } from '../funds/funds.service.js';
import type { Channel } from '../ledger/accounts.js';
import { donationFee, donationRefund, fundReclass } from '../ledger/journal-shapes.js';
import { LedgerService } from '../ledger/ledger.service.js';
import type { Actor } from '../users/role.js';
import { DonationsException } from './donations.exception.js';
import { Donation } from './donation.view.js';
import { DonationsService } from './donations.service.js';
import { ReceiptService } from './receipt.service.js';

interface Locked {
  id: string;
  channel: Channel;
  fund_id: string;
  currency: string;
  amount: string;
  fee: string;
  fee_pending: boolean;
  refunded_amount: string;
  sponsor_id: string | null;
}

/**
 * Changes to a recorded donation. Each one locks the donation row, compares with what is
 * already booked and posts only the difference, so a repeated or reordered event is a no-op
 * and the journal and the donation row never disagree.
 */
@Injectable()
export class DonationAdjustmentsService {
  constructor(
    private readonly tx: TransactionService,
    private readonly ledger: LedgerService,
    private readonly funds: FundsService,
    private readonly donations: DonationsService,
    private readonly receipts: ReceiptService,
    private readonly audit: AuditService,
  ) {}

  private async lock(m: EntityManager, id: string): Promise<Locked> {
    const [row] = await m.query(
      `SELECT id, channel, fund_id, currency, amount::text, fee::text, fee_pending, refunded_amount::text, sponsor_id
       FROM donations WHERE id = $1 FOR UPDATE`,
      [id],
    );
    if (!row) throw DonationsException.notFound(id);
    return row;
  }

  /** Books the fee of a donation recorded with its fee pending; a second call does nothing. */
  async completeFee(m: EntityManager, id: string, fee: bigint, balanceTransaction: string | null, date: string): Promise<boolean> {
    const d = await this.lock(m, id);
    if (!d.fee_pending) return false;
    const capped = fee > BigInt(d.amount) ? BigInt(d.amount) : fee;
    await m.query(`UPDATE donations SET fee = $2, fee_pending = false, balance_transaction = COALESCE($3, balance_transaction), updated_at = now() WHERE id = $1`, [
      id,
      capped.toString(),
      balanceTransaction,
    ]);
    if (capped > 0n) {
      await this.ledger.post(m, {
        key: `donation-fee:${id}`,
        kind: 'donation.fee',
        effectiveDate: date,
        description: `Fee of ${d.channel} donation`,
        donationId: id,
        postings: donationFee({ channel: d.channel, fundId: d.fund_id, currency: d.currency }, capped),
      });
    }
    return true;
  }

  /**
   * Raises the refunded total to `refundedTotal` (cumulative, as providers report it) and
   * books the difference. Refund totals only grow, so a late, older event changes nothing.
   */
  async refundTo(m: EntityManager, id: string, refundedTotal: bigint, date: string): Promise<bigint> {
    const d = await this.lock(m, id);
    const target = refundedTotal > BigInt(d.amount) ? BigInt(d.amount) : refundedTotal;
    const delta = target - BigInt(d.refunded_amount);
    if (delta <= 0n) return 0n;
    await m.query(`UPDATE donations SET refunded_amount = $2, updated_at = now() WHERE id = $1`, [id, target.toString()]);
    await this.ledger.post(m, {
      key: `refund:${id}:${target}`,
      kind: 'donation.refund',
      effectiveDate: date,
      description: `Refund of ${d.channel} donation (total refunded ${target})`,
      donationId: id,
      postings: donationRefund({ channel: d.channel, fundId: d.fund_id, currency: d.currency }, delta),
    });
    await this.refreshStatus(m, id);
    return delta;
  }

  /** Recomputes the status from refunds and disputes (never touches a failed payment or a reversed donation). */
  async refreshStatus(m: EntityManager, id: string): Promise<void> {
    await m.query(
      `UPDATE donations d SET status = CASE
         WHEN EXISTS (SELECT 1 FROM stripe_disputes s WHERE s.donation_id = d.id AND s.status IN ('open', 'lost')) THEN 'disputed'
         WHEN d.refunded_amount >= d.amount THEN 'refunded'
         WHEN d.refunded_amount > 0 THEN 'partially_refunded'
         ELSE 'succeeded' END, updated_at = now()
       WHERE d.id = $1 AND d.status NOT IN ('failed', 'reversed')`,
      [id],
    );
  }

  /**
   * Moves a donation to another fund: one entry moving every balance it left under the old
   * fund to the new one, so history stays as posted and the fund totals follow.
   */
  async moveToFund(m: EntityManager, id: string, toFundId: string, date: string, postedBy: string | null = null): Promise<boolean> {
    const d = await this.lock(m, id);
    if (d.fund_id === toFundId) return false;
    const balances: { account: string; currency: string; amount: string }[] = await m.query(
      `SELECT p.account, p.currency, sum(p.amount)::text AS amount FROM postings p JOIN journal_entries e ON e.id = p.entry_id
       WHERE e.donation_id = $1 AND p.fund_id = $2 GROUP BY p.account, p.currency`,
      [id, d.fund_id],
    );
    await m.query(`UPDATE donations SET fund_id = $2, updated_at = now() WHERE id = $1`, [id, toFundId]);
    const postings = fundReclass(
      balances.map((b) => ({ ...b, amount: BigInt(b.amount) })),
      d.fund_id,
      toFundId,
    );
    if (postings.length >= 2) {
      await this.ledger.post(m, { kind: 'donation.reclass', effectiveDate: date, description: 'Donation moved to another fund', donationId: id, postedBy, postings });
    }
    return true;
  }

  /** Fills in what a later event knew about a donation (sponsor, recurring, subscription); queues the receipt once a sponsor is known. */
  async attachContext(m: EntityManager, id: string, ctx: { sponsorId?: string | null; recurring?: boolean; subscriptionId?: string | null }): Promise<void> {
    const d = await this.lock(m, id);
    await m.query(
      `UPDATE donations SET sponsor_id = COALESCE(sponsor_id, $2), recurring = recurring OR $3, subscription_id = COALESCE(subscription_id, $4), updated_at = now()
       WHERE id = $1`,
      [id, ctx.sponsorId ?? null, ctx.recurring ?? false, ctx.subscriptionId ?? null],
    );
    if (!d.sponsor_id && ctx.sponsorId) await this.receipts.queue(m, id);
  }

  /** `POST /api/v1/donations/:id/fund`: the treasurer assigns a donation to a fund. */
  reassign(id: string, fundCode: string, actor: Actor): Promise<Donation> {
    return this.tx.run(async (m) => {
      const before = await this.donations.find(m, id);
      const fundId = await this.funds.idFor(m, fundCode);
      await this.moveToFund(m, id, fundId, new Date().toISOString().slice(0, 10), actor.id);
      const after = await this.donations.find(m, id);
      await this.audit.record(m, actor, 'donation.fund', 'donation', id, { fund: before.fund }, { fund: after.fund });
      return after;
    });
  }
}
