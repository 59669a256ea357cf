import { Injectable } from '@nestjs/common';
import { LINK_REF_PREFIX } from '../common/links/link-token.js';
import { TransactionService } from '../database/transaction.service.js';
import type { EmailTemplate, Locale } from './email-template.js';

/** The props with every top-level link reference (see link-token.ts) emptied. */
const BLANK_LINK_REFS = `CASE WHEN jsonb_typeof(o.props) = 'object' THEN (
  SELECT COALESCE(jsonb_object_agg(k, CASE WHEN jsonb_typeof(v) = 'string' AND v #>> '{}' LIKE '${LINK_REF_PREFIX}%' THEN '""'::jsonb ELSE v END), '{}'::jsonb)
  FROM jsonb_each(o.props) AS e(k, v)) ELSE o.props END`;

export interface ClaimedEmail {
  id: string;
  template: EmailTemplate;
  locale: Locale;
  recipient: string;
  props: unknown;
  category: 'transactional' | 'bulk';
  messageId: string;
  attempts: number;
  lockedUntil: Date;
}

/**
 * The outbox worker's SQL. Every write after the claim is conditional on the claim token, so
 * a worker that lost its lease (it stalled past `locked_until` and another worker took the
 * row) cannot overwrite the newer claim's outcome.
 */
@Injectable()
export class OutboxStore {
  constructor(private readonly tx: TransactionService) {}

  /**
   * Claims up to `limit` due rows for `leaseSeconds` in one statement. SKIP LOCKED lets several
   * instances claim at once without waiting on or taking each other's rows; a row whose lease
   * ran out (its worker died mid-send) is due again, because the claim moved next_attempt_at
   * to the lease's end.
   */
  async claim(limit: number, claimToken: string, leaseSeconds: number): Promise<ClaimedEmail[]> {
    // One statement, so atomic on its own: no BEGIN/COMMIT round trips around it.
    return this.tx.manager.query(
      `WITH claimed AS (
         UPDATE email_outbox o
         SET status = 'sending', attempts = o.attempts + 1, claim_token = $2,
             locked_until = now() + make_interval(secs => $3), next_attempt_at = now() + make_interval(secs => $3),
             last_attempt_at = now(), updated_at = now()
         FROM (SELECT id FROM email_outbox
               WHERE status IN ('queued', 'sending') AND next_attempt_at <= now()
               ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED) due
         WHERE o.id = due.id
         RETURNING o.id, o.template, o.locale, o.recipient, o.props, o.category, o.message_id, o.attempts, o.locked_until)
       SELECT id, template, locale, recipient, props, category, message_id AS "messageId", attempts, locked_until AS "lockedUntil" FROM claimed`,
      [limit, claimToken, leaseSeconds],
    );
  }

  /** Several rows of one claim at once: one round trip instead of one per email. */
  async markSent(claimToken: string, sent: { id: string; response: string }[]): Promise<void> {
    if (sent.length === 0) return;
    await this.tx.manager.query(
      // Once sent, the link references go too (a sent email is never rendered again).
      `UPDATE email_outbox o
       SET status = 'sent', sent_at = now(), response = s.response, locked_until = NULL, claim_token = NULL, updated_at = now(),
           props = ${BLANK_LINK_REFS}
       FROM unnest($2::uuid[], $3::text[]) AS s(id, response)
       WHERE o.id = s.id AND o.claim_token = $1 AND o.status = 'sending'`,
      [claimToken, sent.map((s) => s.id), sent.map((s) => s.response.slice(0, 1000))],
    );
  }

  async markRetry(id: string, claimToken: string, delayMs: number, error: string): Promise<void> {
    await this.settle(id, claimToken, `status = 'queued', next_attempt_at = now() + make_interval(secs => $3::float8 / 1000), last_error = $4`, [delayMs, error]);
  }

  async markFailed(id: string, claimToken: string, error: string): Promise<void> {
    await this.settle(id, claimToken, `status = 'failed', last_error = $3`, [error]);
  }

  /** Gives back a claimed row that was not tried (its lease ran short): queued again at once, the claim's attempt not counted. */
  async release(id: string, claimToken: string): Promise<void> {
    await this.settle(id, claimToken, `status = 'queued', attempts = greatest(attempts - 1, 0), next_attempt_at = now()`, []);
  }

  async markSuppressed(id: string, claimToken: string, reason: string): Promise<void> {
    await this.settle(id, claimToken, `status = 'suppressed', last_error = $3`, [reason]);
  }

  private async settle(id: string, claimToken: string, set: string, params: unknown[]): Promise<void> {
    await this.tx.manager.query(
      `UPDATE email_outbox SET ${set}, locked_until = NULL, claim_token = NULL, updated_at = now()
       WHERE id = $1 AND claim_token = $2 AND status = 'sending'`,
      [id, claimToken, ...params],
    );
  }
}
