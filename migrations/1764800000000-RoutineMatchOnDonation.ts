import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The routine reconciliation match (a Stripe donation and the balance transaction of its charge,
 * same amount and currency) is held by the donation itself instead of a reconciliation_matches
 * row: a run already rewrites each of those donations to set reconciled_at, and writing 200k
 * match rows with three checked keys beside it was a third of a run's time (docs/performance.md,
 * "B3"). What the row held stays on the donation, with the same guarantees:
 *
 * - `reconciled_run_id`: the run that matched it (foreign key; the run row is locked once per run);
 * - `balance_transaction`: the balance transaction it was matched to (the column the webhook
 *   already fills); one routine match per balance transaction ever is a unique index, and a
 *   balance transaction can no longer be deleted or change its id (it is Stripe's record, only
 *   ever upserted), which is what the foreign key of a match row guaranteed;
 * - a check that a routine match is a reconciled Stripe donation with its balance transaction.
 *
 * `reconciliation_runs.routine_matched` counts a run's routine matches (its summary does not scan
 * donations). Everything else a run finds — missing webhooks, amount mismatches, payouts, bank
 * lines, and a routine match a person undid (turned back into a row first) — stays a row.
 * `reconciliation_items` is every match as one relation, rows and routine matches alike (a
 * routine match's id is its donation's id), for the readers that list or find matches.
 * Existing active routine rows move onto their donations.
 */
export class RoutineMatchOnDonation1764800000000 implements MigrationInterface {
  name = 'RoutineMatchOnDonation1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE donations ADD COLUMN reconciled_run_id uuid REFERENCES reconciliation_runs (id)`);
    await q.query(`
      ALTER TABLE donations ADD CONSTRAINT donations_routine_match_check
        CHECK (reconciled_run_id IS NULL OR (channel = 'stripe' AND reconciled_at IS NOT NULL AND balance_transaction IS NOT NULL))`);
    await q.query(`CREATE UNIQUE INDEX donations_routine_match_key ON donations (balance_transaction) WHERE reconciled_run_id IS NOT NULL`);
    await q.query(`ALTER TABLE reconciliation_runs ADD COLUMN routine_matched integer NOT NULL DEFAULT 0 CHECK (routine_matched >= 0)`);
    await q.query(`
      CREATE FUNCTION stripe_balance_transaction_keep() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' OR NEW.id IS DISTINCT FROM OLD.id THEN
          RAISE EXCEPTION 'stripe_balance_transactions keeps Stripe''s records: % of % refused', TG_OP, OLD.id USING ERRCODE = 'P0001';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(
      `CREATE TRIGGER stripe_balance_transactions_keep BEFORE DELETE OR UPDATE OF id ON stripe_balance_transactions FOR EACH ROW EXECUTE FUNCTION stripe_balance_transaction_keep()`,
    );
    await q.query(`CREATE TRIGGER stripe_balance_transactions_no_truncate BEFORE TRUNCATE ON stripe_balance_transactions FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()`);

    await q.query(`
      WITH routine AS (
        SELECT m.id, m.run_id, m.donation_id, m.balance_transaction_id
        FROM reconciliation_matches m JOIN donations d ON d.id = m.donation_id
        WHERE m.active AND m.kind = 'stripe_donation' AND m.rule = 'charge_source' AND m.state = 'matched' AND m.source = 'auto'
          AND d.channel = 'stripe' AND d.reconciled_at IS NOT NULL AND (d.balance_transaction IS NULL OR d.balance_transaction = m.balance_transaction_id)
      ), moved AS (
        UPDATE donations d SET reconciled_run_id = r.run_id, balance_transaction = r.balance_transaction_id FROM routine r WHERE d.id = r.donation_id RETURNING d.id
      ), counted AS (
        UPDATE reconciliation_runs u SET routine_matched = c.n FROM (SELECT run_id, count(*)::int AS n FROM routine GROUP BY run_id) c WHERE u.id = c.run_id
      )
      DELETE FROM reconciliation_matches m USING routine r WHERE m.id = r.id AND EXISTS (SELECT 1 FROM moved WHERE moved.id = r.donation_id)`);

    await q.query(`
      CREATE VIEW reconciliation_items AS
      SELECT id, run_id, kind, rule, state, source, active, bank_line_id, payout_id, provider_payout_id, donation_id, balance_transaction_id,
             amount, currency, on_date, note, transfer_entry_id, actor_id, created_at, undone_at, undone_by,
             acknowledged_at, acknowledged_by, acknowledged_by_email, acknowledgement
      FROM reconciliation_matches
      UNION ALL
      SELECT d.id, d.reconciled_run_id, 'stripe_donation', 'charge_source', 'matched', 'auto', true, NULL, NULL, NULL, d.id, d.balance_transaction,
             d.amount, d.currency, (d.received_at AT TIME ZONE 'UTC')::date, NULL, NULL, NULL, d.reconciled_at, NULL, NULL,
             NULL, NULL, NULL, NULL
      FROM donations d
      WHERE d.reconciled_run_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW reconciliation_items`);
    await q.query(`
      INSERT INTO reconciliation_matches (id, run_id, kind, rule, state, source, donation_id, balance_transaction_id, amount, currency, on_date, created_at)
      SELECT gen_random_uuid(), reconciled_run_id, 'stripe_donation', 'charge_source', 'matched', 'auto', id, balance_transaction, amount, currency,
             (received_at AT TIME ZONE 'UTC')::date, reconciled_at
      FROM donations WHERE reconciled_run_id IS NOT NULL`);
    await q.query(`DROP TRIGGER stripe_balance_transactions_no_truncate ON stripe_balance_transactions`);
    await q.query(`DROP TRIGGER stripe_balance_transactions_keep ON stripe_balance_transactions`);
    await q.query(`DROP FUNCTION stripe_balance_transaction_keep()`);
    await q.query(`ALTER TABLE reconciliation_runs DROP COLUMN routine_matched`);
    await q.query(`ALTER TABLE donations DROP COLUMN reconciled_run_id`);
  }
}
