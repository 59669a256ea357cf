import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Recurring giving as staff see it (`GET /api/v1/subscriptions`). `stripe_subscriptions` only
 * knew a subscription's fund and sponsor from its checkout; it now also keeps what it costs
 * (amount, currency, billing interval), when it started, when it last paid and when it was
 * cancelled. Every failed invoice attempt is kept in `stripe_subscription_failures`, one row
 * per (invoice, attempt), so a repeated webhook records nothing twice.
 */
export class RecurringGiving1764190000000 implements MigrationInterface {
  name = 'RecurringGiving1764190000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE stripe_subscriptions
        ADD COLUMN amount bigint CHECK (amount >= 0),
        ADD COLUMN currency char(3) CHECK (currency ~ '^[A-Z]{3}$'),
        ADD COLUMN billing_interval text CHECK (billing_interval IN ('day', 'week', 'month', 'year')),
        ADD COLUMN interval_count int CHECK (interval_count BETWEEN 1 AND 366),
        ADD COLUMN started_at timestamptz,
        ADD COLUMN last_paid_at timestamptz,
        ADD COLUMN canceled_at timestamptz,
        ADD COLUMN created_at timestamptz NOT NULL DEFAULT now()`);
    await q.query(`
      CREATE TABLE stripe_subscription_failures (
        invoice_id text NOT NULL,
        attempt int NOT NULL CHECK (attempt >= 0),
        subscription_id text NOT NULL,
        amount bigint NOT NULL CHECK (amount >= 0),
        currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        failed_at timestamptz NOT NULL,
        next_attempt_at timestamptz,
        PRIMARY KEY (invoice_id, attempt)
      )`);
    await q.query(`CREATE INDEX stripe_subscription_failures_sub_idx ON stripe_subscription_failures (subscription_id, failed_at DESC)`);
    await q.query(`CREATE INDEX stripe_subscription_failures_at_idx ON stripe_subscription_failures (failed_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE stripe_subscription_failures`);
    await q.query(`
      ALTER TABLE stripe_subscriptions DROP COLUMN amount, DROP COLUMN currency, DROP COLUMN billing_interval, DROP COLUMN interval_count,
        DROP COLUMN started_at, DROP COLUMN last_paid_at, DROP COLUMN canceled_at, DROP COLUMN created_at`);
  }
}
