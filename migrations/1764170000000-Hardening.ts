import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 10: state that must be shared by every instance rather than kept in one's memory.
 *
 * - users.token_version: bumped on a password or role change, so older tokens stop working.
 * - login_throttle: failed logins per (account, client), for a progressive delay that a
 *   stranger elsewhere cannot impose on the account's owner.
 * - rate_limit_counters: fixed-window counters per client and bucket, upserted by every instance.
 * - donations may be reversed (a correction of a manual donation, with its reason).
 */
export class Hardening1764170000000 implements MigrationInterface {
  name = 'Hardening1764170000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN token_version integer NOT NULL DEFAULT 0 CHECK (token_version >= 0)`);
    await q.query(`
      CREATE TABLE login_throttle (
        account text NOT NULL CHECK (length(account) <= 320),
        client text NOT NULL CHECK (length(client) <= 64),
        failures integer NOT NULL CHECK (failures > 0),
        last_failure_at timestamptz NOT NULL,
        PRIMARY KEY (account, client)
      )`);
    await q.query(`CREATE INDEX login_throttle_age_idx ON login_throttle (last_failure_at)`);
    await q.query(`
      CREATE TABLE rate_limit_counters (
        key text PRIMARY KEY CHECK (length(key) <= 300),
        hits integer NOT NULL CHECK (hits > 0),
        reset_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX rate_limit_counters_reset_idx ON rate_limit_counters (reset_at)`);
    await q.query(`CREATE INDEX idempotency_keys_age_idx ON idempotency_keys (created_at)`);
    await q.query(`ALTER TABLE donations DROP CONSTRAINT donations_status_check`);
    await q.query(`ALTER TABLE donations ADD CONSTRAINT donations_status_check
      CHECK (status IN ('succeeded', 'refunded', 'partially_refunded', 'disputed', 'failed', 'reversed'))`);
    await q.query(`
      ALTER TABLE donations
        ADD COLUMN reversed_at timestamptz,
        ADD COLUMN reversal_reason text CHECK (length(reversal_reason) BETWEEN 1 AND 500),
        ADD CONSTRAINT donations_reversal_check CHECK ((status = 'reversed') = (reversed_at IS NOT NULL) AND (reversed_at IS NULL) = (reversal_reason IS NULL))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE donations SET status = 'refunded' WHERE status = 'reversed'`);
    await q.query(`ALTER TABLE donations DROP CONSTRAINT donations_reversal_check, DROP COLUMN reversal_reason, DROP COLUMN reversed_at`);
    await q.query(`ALTER TABLE donations DROP CONSTRAINT donations_status_check`);
    await q.query(`ALTER TABLE donations ADD CONSTRAINT donations_status_check
      CHECK (status IN ('succeeded', 'refunded', 'partially_refunded', 'disputed', 'failed'))`);
    await q.query(`DROP INDEX idempotency_keys_age_idx`);
    await q.query(`DROP TABLE rate_limit_counters`);
    await q.query(`DROP TABLE login_throttle`);
    await q.query(`ALTER TABLE users DROP COLUMN token_version`);
  }
}
