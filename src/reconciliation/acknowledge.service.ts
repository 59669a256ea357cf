import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { TransactionService } from '../database/transaction.service.js';
import type { Actor } from '../users/role.js';
import { MatchesService } from './matches.service.js';
import { ReconciliationException } from './reconciliation.exception.js';
import { RECONCILIATION_LOCK } from './reconciliation-run.service.js';

/** Findings on Stripe's side that a person may accept as they are, with a reason, so their month can close. */
export const ACKNOWLEDGEABLE = ['donation_not_in_stripe', 'payout_not_in_bank'] as const;

/**
 * `POST /reconciliation/matches/:id/acknowledge {reason}`: a donation Stripe never had (a test
 * charge, a payment refunded before it settled) or a payout that never reached the bank (it
 * went to another account) cannot always be resolved; the treasurer says why, and the month can
 * close. The reason, who and when are kept on the finding and in the audit log; later runs keep
 * the acknowledged finding instead of raising it again.
 */
@Injectable()
export class AcknowledgeService {
  constructor(
    private readonly tx: TransactionService,
    private readonly matches: MatchesService,
    private readonly audit: AuditService,
  ) {}

  acknowledge(id: string, reason: string, actor: Actor) {
    return this.tx.run(async (m) => {
      await m.query(RECONCILIATION_LOCK);
      const [row] = await m.query(`SELECT kind, state, active, acknowledged_at FROM reconciliation_matches WHERE id = $1 FOR UPDATE`, [id]);
      // A routine Stripe match is held by its donation (never acknowledgeable; named as such below).
      const [r] = row ? [row] : await m.query(`SELECT kind, state, active, acknowledged_at FROM reconciliation_items WHERE id = $1`, [id]);
      if (!r) throw ReconciliationException.matchNotFound(id);
      if (!(ACKNOWLEDGEABLE as readonly string[]).includes(r.kind)) {
        throw ReconciliationException.notAcknowledgeable(
          id,
          `it is ${r.kind}; only ${ACKNOWLEDGEABLE.join(' and ')} findings are acknowledged (bank lines are matched or classified)`,
        );
      }
      if (!r.active || r.state !== 'open') throw ReconciliationException.notAcknowledgeable(id, 'it is no longer open (resolved or superseded by a later run)');
      if (r.acknowledged_at) throw ReconciliationException.notAcknowledgeable(id, 'it is already acknowledged');
      const before = await this.matches.find(m, id);
      await m.query(`UPDATE reconciliation_matches SET acknowledged_at = now(), acknowledged_by = $2, acknowledged_by_email = $3, acknowledgement = $4 WHERE id = $1`, [
        id,
        actor.id,
        actor.email,
        reason,
      ]);
      const after = await this.matches.find(m, id);
      await this.audit.record(m, actor, 'reconciliation.acknowledge', 'reconciliation_match', id, before, after);
      return after;
    });
  }
}
