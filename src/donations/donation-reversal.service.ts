import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { TransactionService } from '../database/transaction.service.js';
import { LedgerService } from '../ledger/ledger.service.js';
import type { Actor } from '../users/role.js';
import { DonationsException } from './donations.exception.js';
import { Donation } from './donation.view.js';
import { DonationsService } from './donations.service.js';

/**
 * `POST /api/v1/donations/:id/reverse`: the correction of a donation recorded by hand (a typo in
 * the amount, a transfer booked twice). Posted entries never change: each of the donation's
 * entries gets its mirror image, dated today (the open month), and the donation is marked
 * `reversed` with the reason. Provider donations (Stripe) are corrected by their refund events.
 */
@Injectable()
export class DonationReversalService {
  constructor(
    private readonly tx: TransactionService,
    private readonly ledger: LedgerService,
    private readonly donations: DonationsService,
    private readonly audit: AuditService,
  ) {}

  reverse(id: string, reason: string, actor: Actor): Promise<Donation> {
    return this.tx.run(async (m) => {
      const [row] = await m.query(`SELECT id, channel, status, created_by, reconciled_at FROM donations WHERE id = $1 FOR UPDATE`, [id]);
      if (!row) throw DonationsException.notFound(id);
      if (row.status === 'reversed') throw DonationsException.alreadyReversed(id);
      if (row.channel === 'stripe' || row.created_by === null) throw DonationsException.notManual(id, row.channel);
      if (row.reconciled_at) throw DonationsException.reconciled(id);
      const before = await this.donations.find(m, id);
      const today = new Date().toISOString().slice(0, 10);
      const entries: { id: string }[] = await m.query(
        `SELECT e.id FROM journal_entries e
         WHERE e.donation_id = $1 AND e.reverses IS NULL AND NOT EXISTS (SELECT 1 FROM journal_entries r WHERE r.reverses = e.id)
         ORDER BY e.seq`,
        [id],
      );
      for (const entry of entries) {
        await this.ledger.reverse(m, entry.id, {
          key: `donation-reversal:${entry.id}`,
          kind: 'donation.reversal',
          effectiveDate: today,
          description: `Reversal of a manual donation: ${reason}`,
          postedBy: actor.id,
        });
      }
      await m.query(`UPDATE donations SET status = 'reversed', reversed_at = now(), reversal_reason = $2, updated_at = now() WHERE id = $1`, [id, reason]);
      const after = await this.donations.find(m, id);
      await this.audit.record(m, actor, 'donation.reverse', 'donation', id, { status: before.status }, { status: after.status, reason, entriesReversed: entries.length });
      return after;
    });
  }
}
