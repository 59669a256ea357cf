import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { updateReturning } from '../database/sql.js';
import { DonationAdjustmentsService } from '../donations/donation-adjustments.service.js';
import { DonationsService } from '../donations/donations.service.js';
import { FundsService } from '../funds/funds.service.js';
import { disputeClosed, disputeFee, disputeHold } from '../ledger/journal-shapes.js';
import { LedgerService } from '../ledger/ledger.service.js';
import { SponsorsService } from '../sponsors/sponsors.service.js';
import { currencyOf, dateOf, expanded, idOf, StripeBalanceTransaction, StripeCharge, StripeDispute } from './stripe-objects.js';

export type Outcome = { kind: 'applied' } | { kind: 'ignored' } | { kind: 'waiting'; for: string };
export const APPLIED: Outcome = { kind: 'applied' };
export const IGNORED: Outcome = { kind: 'ignored' };

/**
 * Serialises everything that concerns one payment: events for the same charge (or payment
 * intent) queue behind each other until commit, so "does the donation exist yet?" has one
 * answer at a time. Always taken payment intent first, then charge, so two handlers cannot
 * wait on each other.
 */
export async function lockKeys(m: EntityManager, keys: (string | null | undefined)[]): Promise<void> {
  const held = heldLocks(m);
  const wanted = keys.filter((k): k is string => !!k && !held.has(k));
  if (wanted.length === 0) return;
  // One round trip; unnest yields the keys in array order (payment intent, then charge).
  await m.query(`SELECT pg_advisory_xact_lock(hashtextextended(k, 0)) FROM unnest($1::text[]) AS k`, [wanted]);
  for (const k of wanted) held.add(k);
}

/** Locks already taken in this transaction (its EntityManager), so they are not asked for twice. */
const held = new WeakMap<EntityManager, Set<string>>();
export function heldLocks(m: EntityManager): Set<string> {
  let set = held.get(m);
  if (!set) held.set(m, (set = new Set()));
  return set;
}

/**
 * Charges, refunds and disputes. A charge is the money event: the donation is keyed by its
 * id. Refunds are applied as the cumulative `amount_refunded` Stripe reports, so partial
 * refunds, repeats and reordering all converge on the same books. A dispute for a charge not
 * seen yet is parked (`waiting`) and applied the moment the charge is recorded.
 */
@Injectable()
export class ChargeHandler {
  constructor(
    private readonly donations: DonationsService,
    private readonly adjustments: DonationAdjustmentsService,
    private readonly funds: FundsService,
    private readonly sponsors: SponsorsService,
    private readonly ledger: LedgerService,
  ) {}

  async applyCharge(m: EntityManager, charge: StripeCharge, fetchedBt: StripeBalanceTransaction | null, eventCreated: number): Promise<Outcome> {
    const pi = idOf(charge.payment_intent);
    await lockKeys(m, [pi && `stripe:pi:${pi}`, `stripe:ch:${charge.id}`]);
    if (charge.paid === false || charge.status === 'failed' || charge.status === 'pending') return IGNORED;
    const bt = expanded(charge.balance_transaction) ?? fetchedBt;
    const [existing] = await m.query(`SELECT id, fee_pending FROM donations WHERE channel = 'stripe' AND external_id = $1`, [charge.id]);
    let donationId: string = existing?.id;
    if (!existing) {
      donationId = await this.create(m, charge, bt, pi);
      await this.releaseWaiting(m, charge.id);
    } else if (existing.fee_pending && bt) {
      await this.adjustments.completeFee(m, donationId, BigInt(bt.fee), bt.id, dateOf(bt.created));
    }
    if ((charge.amount_refunded ?? 0) > 0) {
      // Dated by the latest refund Stripe lists on the charge, else by the event.
      const latest = Math.max(0, ...(charge.refunds?.data ?? []).map((r) => r.created ?? 0));
      await this.adjustments.refundTo(m, donationId, BigInt(charge.amount_refunded!), dateOf(latest || eventCreated));
    }
    return APPLIED;
  }

  private async create(m: EntityManager, charge: StripeCharge, bt: StripeBalanceTransaction | null, pi: string | null): Promise<string> {
    const [ctx] = pi ? await m.query(`SELECT * FROM stripe_payment_context WHERE payment_intent = $1`, [pi]) : [];
    const fundId = await this.fundId(m, charge.metadata?.fund ?? ctx?.fund_code);
    const email = ctx?.sponsor_email ?? charge.billing_details?.email ?? charge.receipt_email ?? null;
    const sponsor = email
      ? await this.sponsors.findOrCreate(m, { email, name: ctx?.sponsor_name ?? charge.billing_details?.name, locale: ctx?.locale ?? charge.metadata?.locale })
      : null;
    // A charge settled in another currency is booked as it landed (the balance transaction's
    // amount and currency), which is what the Stripe balance and the payouts hold.
    const settledElsewhere = bt && currencyOf(bt.currency) !== currencyOf(charge.currency);
    const { id } = await this.donations.record(m, {
      channel: 'stripe',
      externalId: charge.id,
      amount: BigInt(settledElsewhere ? bt.amount : charge.amount),
      // Never more than the gross: a fee above it would be Stripe's error, not a reason to bounce the event.
      fee: BigInt(Math.min(bt?.fee ?? 0, settledElsewhere ? bt.amount : charge.amount)),
      feePending: !bt,
      currency: currencyOf(settledElsewhere ? bt.currency : charge.currency),
      receivedAt: new Date(charge.created * 1000),
      sponsorId: sponsor?.id ?? null,
      sponsor,
      fundId,
      recurring: ctx?.recurring ?? false,
      subscriptionId: ctx?.subscription_id ?? null,
      paymentIntent: pi,
      balanceTransaction: idOf(charge.balance_transaction),
    });
    return id;
  }

  /** Unknown or missing fund codes in metadata go to `general`: a webhook must never bounce on data. */
  async fundId(m: EntityManager, code: string | null | undefined): Promise<string> {
    if (code) {
      try {
        return await this.funds.idFor(m, code, { requireActive: false });
      } catch {
        /* fall through to general */
      }
    }
    return this.funds.idFor(m, 'general', { requireActive: false });
  }

  private async releaseWaiting(m: EntityManager, chargeId: string): Promise<void> {
    const waiting: { id: string; type: string; created: number; payload: StripeDispute }[] = await m.query(
      `SELECT id, type, extract(epoch FROM created_at_stripe)::bigint AS created, payload FROM stripe_events
       WHERE outcome = 'waiting' AND waiting_for = $1 ORDER BY created_at_stripe, id FOR UPDATE`,
      [chargeId],
    );
    for (const event of waiting) {
      await this.applyDispute(m, event.payload, null);
      await m.query(`UPDATE stripe_events SET outcome = 'applied', waiting_for = NULL, payload = NULL WHERE id = $1`, [event.id]);
    }
  }

  /**
   * Dispute opened: the amount moves to `assets:stripe:disputed` (Stripe holds it) and any
   * dispute fee is booked. Closed won: it comes back. Closed lost: it leaves as reversed income.
   */
  async applyDispute(m: EntityManager, dispute: StripeDispute, fetchedCharge: StripeCharge | null): Promise<Outcome> {
    const chargeId = idOf(dispute.charge)!;
    await lockKeys(m, [fetchedCharge && idOf(fetchedCharge.payment_intent) && `stripe:pi:${idOf(fetchedCharge.payment_intent)}`, `stripe:ch:${chargeId}`]);
    let [donation] = await m.query(`SELECT id, fund_id, currency FROM donations WHERE channel = 'stripe' AND external_id = $1`, [chargeId]);
    if (!donation) {
      const charge = expanded(dispute.charge) ?? fetchedCharge;
      if (!charge) return { kind: 'waiting', for: chargeId };
      await this.applyCharge(m, charge, null, dispute.created);
      [donation] = await m.query(`SELECT id, fund_id, currency FROM donations WHERE channel = 'stripe' AND external_id = $1`, [chargeId]);
    }
    const book = { fundId: donation.fund_id, currency: donation.currency };
    const amount = BigInt(dispute.amount);
    const opened = await m.query(
      `INSERT INTO stripe_disputes (id, donation_id, amount, currency, status) VALUES ($1, $2, $3, $4, 'open') ON CONFLICT (id) DO NOTHING RETURNING id`,
      [dispute.id, donation.id, amount.toString(), donation.currency],
    );
    if (opened.length) {
      await this.ledger.post(m, {
        key: `dispute:${dispute.id}:hold`,
        kind: 'dispute.hold',
        effectiveDate: dateOf(dispute.created),
        donationId: donation.id,
        description: `Dispute ${dispute.id} opened`,
        postings: disputeHold(book, amount),
      });
      const fee = (dispute.balance_transactions ?? []).reduce((sum, bt) => sum + BigInt(bt.fee ?? 0), 0n);
      if (fee > 0n) {
        await this.ledger.post(m, {
          key: `dispute-fee:${dispute.id}`,
          kind: 'dispute.fee',
          effectiveDate: dateOf(dispute.created),
          donationId: donation.id,
          description: `Dispute fee ${dispute.id}`,
          postings: disputeFee(book, fee),
        });
      }
    }
    const result = dispute.status === 'won' || dispute.status === 'warning_closed' ? 'won' : dispute.status === 'lost' ? 'lost' : null;
    if (result) {
      const [closed] = await updateReturning<{ amount: string }>(
        m,
        `UPDATE stripe_disputes SET status = $2, updated_at = now() WHERE id = $1 AND status = 'open' RETURNING amount::text`,
        [dispute.id, result],
      );
      if (closed) {
        const held = BigInt(closed.amount);
        await this.ledger.post(m, {
          key: `dispute:${dispute.id}:${result}`,
          kind: `dispute.${result}`,
          effectiveDate: dateOf(dispute.created),
          donationId: donation.id,
          description: `Dispute ${dispute.id} ${result}`,
          postings: disputeClosed(book, result, held),
        });
      }
    }
    await this.adjustments.refreshStatus(m, donation.id);
    return APPLIED;
  }
}
