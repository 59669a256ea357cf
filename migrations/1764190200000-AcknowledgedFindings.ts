import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Stripe-side findings (`donation_not_in_stripe`, `payout_not_in_bank`) hold a month open until
 * they are resolved or a person acknowledges them with a reason. The acknowledgement lives on
 * the finding itself (who, when, why); later runs keep an acknowledged finding instead of
 * superseding it, so the decision is never lost.
 */
export class AcknowledgedFindings1764190200000 implements MigrationInterface {
  name = 'AcknowledgedFindings1764190200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE reconciliation_matches
        ADD COLUMN acknowledged_at timestamptz,
        ADD COLUMN acknowledged_by uuid,
        ADD COLUMN acknowledged_by_email text,
        ADD COLUMN acknowledgement text CHECK (length(acknowledgement) BETWEEN 1 AND 2000),
        ADD CONSTRAINT reconciliation_matches_ack_complete CHECK ((acknowledged_at IS NULL) = (acknowledgement IS NULL))`);
    await q.query(`CREATE INDEX reconciliation_matches_open_idx ON reconciliation_matches (on_date) WHERE active AND state = 'open'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX reconciliation_matches_open_idx`);
    await q.query(`
      ALTER TABLE reconciliation_matches DROP CONSTRAINT reconciliation_matches_ack_complete, DROP COLUMN acknowledged_at,
        DROP COLUMN acknowledged_by, DROP COLUMN acknowledged_by_email, DROP COLUMN acknowledgement`);
  }
}
