import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { FundsService } from '../funds/funds.service.js';
import { payoutToBank } from '../ledger/journal-shapes.js';
import { LedgerService } from '../ledger/ledger.service.js';
import { APPLIED, IGNORED, lockKeys, Outcome } from './charge.handler.js';
import { currencyOf, dateOf, StripePayout } from './stripe-objects.js';

/**
 * Payouts move money from the Stripe balance to the bank: `payout.paid` books
 * Dr assets:bank · Cr assets:stripe; a later `payout.failed` reverses that entry. A payout
 * failed before it was ever paid books nothing, and a late `paid` after `failed` changes
 * nothing, so any order ends with the same books. Payouts mix every fund's money, so their
 * postings carry the `general` fund; fund balances (income − expenses) are unaffected.
 */
@Injectable()
export class PayoutHandler {
  constructor(
    private readonly ledger: LedgerService,
    private readonly funds: FundsService,
  ) {}

  async apply(m: EntityManager, payout: StripePayout, eventType: string): Promise<Outcome> {
    await lockKeys(m, [`stripe:po:${payout.id}`]);
    const status = eventType === 'payout.paid' ? 'paid' : eventType === 'payout.failed' ? 'failed' : payout.status;
    if (!['pending', 'in_transit', 'paid', 'failed', 'canceled'].includes(status)) return IGNORED;
    const currency = currencyOf(payout.currency);
    // 'failed' and 'canceled' are final: a late 'paid' or 'in_transit' never overrides them.
    const [row] = await m.query(
      `INSERT INTO payouts (provider, external_id, amount, currency, arrival_date, status)
       VALUES ('stripe', $1, $2, $3, $4, $5)
       ON CONFLICT (provider, external_id) DO UPDATE SET
         status = CASE WHEN payouts.status IN ('failed', 'canceled') THEN payouts.status
                       WHEN payouts.status = 'paid' AND EXCLUDED.status NOT IN ('failed', 'canceled') THEN payouts.status
                       ELSE EXCLUDED.status END,
         arrival_date = EXCLUDED.arrival_date, updated_at = now()
       RETURNING id, status, paid_entry_id, failed_entry_id`,
      [payout.id, payout.amount, currency, dateOf(payout.arrival_date), status],
    );
    if (payout.amount <= 0) return APPLIED;
    const fundId = await this.funds.idFor(m, 'general', { requireActive: false });
    const amount = BigInt(payout.amount);
    if (row.status === 'paid' && !row.paid_entry_id) {
      const entry = await this.ledger.post(m, {
        key: `payout:${payout.id}:paid`,
        kind: 'payout.paid',
        effectiveDate: dateOf(payout.arrival_date),
        description: `Stripe payout ${payout.id}`,
        postings: payoutToBank({ channel: 'stripe', fundId, currency }, amount),
      });
      await m.query(`UPDATE payouts SET paid_entry_id = $2 WHERE id = $1`, [row.id, entry]);
    } else if (row.status === 'failed' && row.paid_entry_id && !row.failed_entry_id) {
      const entry = await this.ledger.reverse(m, row.paid_entry_id, {
        key: `payout:${payout.id}:failed`,
        kind: 'payout.failed',
        effectiveDate: dateOf(payout.arrival_date),
        description: `Stripe payout ${payout.id} failed`,
      });
      await m.query(`UPDATE payouts SET failed_entry_id = $2 WHERE id = $1`, [row.id, entry]);
    }
    return APPLIED;
  }
}
