import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Delivery bookkeeping for the outbox worker, the suppression list and unsubscribe tokens.
 *
 * A claim sets `next_attempt_at` to the end of its lease, so one condition
 * (`status IN ('queued','sending') AND next_attempt_at <= now()`) on the existing partial index
 * finds both due rows and rows whose worker died mid-send. `claim_token` names the claim: a
 * worker whose lease ran out cannot overwrite the outcome of the claim that replaced it.
 */
export class EmailDeliveryAndUnsubscribe1764151000000 implements MigrationInterface {
  name = 'EmailDeliveryAndUnsubscribe1764151000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE email_outbox DROP CONSTRAINT email_outbox_status_check`);
    await q.query(`ALTER TABLE email_outbox ADD CONSTRAINT email_outbox_status_check
      CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'suppressed'))`);
    await q.query(`
      ALTER TABLE email_outbox
        ADD COLUMN claim_token uuid,
        ADD COLUMN last_attempt_at timestamptz,
        ADD COLUMN response text,
        ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
        ADD CONSTRAINT email_outbox_sent_has_time CHECK (status <> 'sent' OR sent_at IS NOT NULL),
        ADD CONSTRAINT email_outbox_sending_has_lease CHECK (status <> 'sending' OR (locked_until IS NOT NULL AND claim_token IS NOT NULL))`);
    await q.query(`CREATE INDEX email_outbox_recipient_idx ON email_outbox (lower(recipient), created_at DESC)`);
    await q.query(`CREATE INDEX email_outbox_status_idx ON email_outbox (status, created_at DESC)`);

    await q.query(`
      CREATE TABLE email_suppression (
        email_lower text NOT NULL CHECK (email_lower = lower(email_lower) AND length(email_lower) BETWEEN 3 AND 320),
        category text NOT NULL CHECK (category IN ('updates', 'receipts', 'all')),
        source text NOT NULL CHECK (source IN ('link', 'one_click', 'staff', 'bounce', 'preferences')),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (email_lower, category)
      )`);

    // Only a hash of each token is stored; the token also carries an HMAC over the address and
    // category, so a row edited to point at another address no longer verifies.
    await q.query(`
      CREATE TABLE email_unsubscribe_token (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        token_hash bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
        email_lower text NOT NULL CHECK (email_lower = lower(email_lower) AND length(email_lower) BETWEEN 3 AND 320),
        category text NOT NULL CHECK (category IN ('updates', 'receipts', 'all')),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        last_used_at timestamptz,
        CHECK (expires_at > created_at)
      )`);
    await q.query(`CREATE INDEX email_unsubscribe_token_active_idx ON email_unsubscribe_token (email_lower, category, expires_at DESC) WHERE revoked_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE email_unsubscribe_token`);
    await q.query(`DROP TABLE email_suppression`);
    await q.query(`DROP INDEX email_outbox_status_idx`);
    await q.query(`DROP INDEX email_outbox_recipient_idx`);
    await q.query(`UPDATE email_outbox SET status = 'failed', last_error = 'suppressed' WHERE status = 'suppressed'`);
    await q.query(`
      ALTER TABLE email_outbox
        DROP CONSTRAINT email_outbox_sending_has_lease,
        DROP CONSTRAINT email_outbox_sent_has_time,
        DROP COLUMN updated_at,
        DROP COLUMN response,
        DROP COLUMN last_attempt_at,
        DROP COLUMN claim_token`);
    await q.query(`ALTER TABLE email_outbox DROP CONSTRAINT email_outbox_status_check`);
    await q.query(`ALTER TABLE email_outbox ADD CONSTRAINT email_outbox_status_check CHECK (status IN ('queued', 'sending', 'sent', 'failed'))`);
  }
}
