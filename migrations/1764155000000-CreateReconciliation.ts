import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reconciliation and month close.
 *
 * - `stripe_balance_transactions`: what Stripe's balance says happened, stored by the sync so a
 *   run can compare it with the donations in SQL (no API call inside a run).
 * - `reconciliation_runs` / `reconciliation_matches`: every finding of a run (a match, a
 *   suggestion, or an open item such as an unidentified deposit) with the rule that made it.
 *   Partial unique indexes make "one bank line matches at most one payout and vice versa" a
 *   database fact, for automatic and manual matches alike.
 * - `periods` / `period_statements`: closed months and the statement stored when closing.
 *   A trigger on `journal_entries` refuses entries dated in a closed month; corrections of
 *   older money (refunds, disputes, late fees, failed payouts, fund moves) are moved to today
 *   instead, so a refund of a March donation lands in the open month.
 */
export class CreateReconciliation1764155000000 implements MigrationInterface {
  name = 'CreateReconciliation1764155000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE stripe_balance_transactions (
        id text PRIMARY KEY,
        type text NOT NULL,
        source text,
        amount bigint NOT NULL,
        fee bigint NOT NULL DEFAULT 0,
        net bigint NOT NULL,
        currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        created timestamptz NOT NULL,
        available_on timestamptz,
        payout text,
        synced_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX stripe_balance_transactions_source_idx ON stripe_balance_transactions (source)`);
    await q.query(`CREATE INDEX stripe_balance_transactions_created_idx ON stripe_balance_transactions (created)`);

    // Why a donation exists outside the normal path: created by reconciliation/sync because its webhook never came.
    await q.query(`ALTER TABLE donations ADD COLUMN reconciliation_flag text CHECK (reconciliation_flag IN ('missing_webhook'))`);
    await q.query(`CREATE INDEX donations_stripe_received_idx ON donations (received_at) WHERE channel = 'stripe'`);

    await q.query(`
      CREATE TABLE reconciliation_runs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        from_date date NOT NULL,
        to_date date NOT NULL,
        matched int NOT NULL DEFAULT 0,
        suggested int NOT NULL DEFAULT 0,
        unmatched int NOT NULL DEFAULT 0,
        actor_id uuid,
        actor_email text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (from_date <= to_date)
      )`);
    await q.query(`CREATE INDEX reconciliation_runs_created_idx ON reconciliation_runs (created_at DESC, id)`);
    await q.query(`CREATE TRIGGER reconciliation_runs_keep BEFORE DELETE ON reconciliation_runs FOR EACH ROW EXECUTE FUNCTION refuse_change()`);

    await q.query(`
      CREATE TABLE reconciliation_matches (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        -- run_id, donation_id and balance_transaction_id carry no foreign key on purpose: a run inserts
        -- ~one row per Stripe donation (200k in B3) and the per-row key checks cost a third of the
        -- run's time. The ids come from rows joined in the same statement; runs, donations and
        -- Stripe's mirror rows are never deleted (runs and donations refuse DELETE by trigger / by
        -- the journal's foreign key), so the references cannot dangle.
        run_id uuid,
        kind text NOT NULL CHECK (kind IN ('stripe_donation', 'missing_webhook', 'donation_not_in_stripe', 'stripe_payout',
          'provider_payout', 'bank_donation', 'unidentified_deposit', 'payout_not_in_bank', 'not_donation')),
        rule text NOT NULL CHECK (length(rule) BETWEEN 1 AND 60),
        state text NOT NULL CHECK (state IN ('matched', 'suggested', 'open')),
        source text NOT NULL CHECK (source IN ('auto', 'manual')),
        -- Superseded suggestions/open items of an earlier run and undone matches are inactive (kept as history).
        active boolean NOT NULL DEFAULT true,
        bank_line_id uuid REFERENCES bank_lines (id),
        payout_id uuid REFERENCES payouts (id),
        provider_payout_id uuid REFERENCES provider_payouts (id),
        donation_id uuid,
        balance_transaction_id text,
        amount bigint,
        currency char(3),
        on_date date,
        note text CHECK (length(note) <= 2000),
        transfer_entry_id uuid REFERENCES journal_entries (id),
        actor_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        undone_at timestamptz,
        undone_by uuid,
        CHECK (state <> 'matched' OR source = 'manual' OR run_id IS NOT NULL),
        CHECK (undone_at IS NULL OR NOT active)
      )`);
    // One active match per bank line, payout, provider payout and balance transaction.
    for (const column of ['bank_line_id', 'payout_id', 'provider_payout_id', 'balance_transaction_id']) {
      await q.query(`CREATE UNIQUE INDEX reconciliation_matches_${column}_key ON reconciliation_matches (${column}) WHERE active AND state = 'matched' AND ${column} IS NOT NULL`);
    }
    await q.query(`CREATE INDEX reconciliation_matches_run_idx ON reconciliation_matches (run_id, created_at, id)`);
    await q.query(`CREATE INDEX reconciliation_matches_pending_idx ON reconciliation_matches (bank_line_id) WHERE active AND state = 'suggested'`);
    // Donations matched to bank lines (not the routine Stripe ones, which are found by balance transaction).
    await q.query(`CREATE INDEX reconciliation_matches_donation_idx ON reconciliation_matches (donation_id) WHERE active AND balance_transaction_id IS NULL`);

    await q.query(`
      CREATE TABLE periods (
        month date PRIMARY KEY CHECK (extract(day FROM month) = 1),
        closed_at timestamptz NOT NULL DEFAULT now(),
        closed_by uuid,
        closed_by_email text
      )`);
    await q.query(`
      CREATE TABLE period_statements (
        month date NOT NULL REFERENCES periods (month),
        account text NOT NULL,
        fund_id uuid NOT NULL REFERENCES funds (id),
        currency char(3) NOT NULL,
        opening bigint NOT NULL,
        donations bigint NOT NULL,
        fees bigint NOT NULL,
        refunds bigint NOT NULL,
        payouts bigint NOT NULL,
        other bigint NOT NULL,
        closing bigint NOT NULL,
        PRIMARY KEY (month, account, fund_id, currency),
        CHECK (closing = opening + donations + fees + refunds + payouts + other)
      )`);

    await q.query(`
      CREATE FUNCTION refuse_closed_period() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE closed date;
      BEGIN
        SELECT month INTO closed FROM periods WHERE month = date_trunc('month', NEW.effective_date)::date;
        IF closed IS NULL THEN RETURN NEW; END IF;
        -- Corrections of money from a closed month are booked when they happen: today.
        IF NEW.kind IN ('donation.refund', 'donation.fee', 'donation.reclass', 'dispute.hold', 'dispute.fee', 'dispute.won', 'dispute.lost', 'payout.failed', 'reconciliation.undo')
           AND NOT EXISTS (SELECT 1 FROM periods WHERE month = date_trunc('month', current_date)::date) THEN
          NEW.effective_date := current_date;
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'The month % is closed: no journal entry may be dated % (book corrections in an open month)',
          to_char(closed, 'YYYY-MM'), to_char(NEW.effective_date, 'YYYY-MM-DD') USING ERRCODE = 'P0001';
      END $$`);
    await q.query(`CREATE TRIGGER journal_entries_closed_period BEFORE INSERT ON journal_entries FOR EACH ROW EXECUTE FUNCTION refuse_closed_period()`);
    // A closed month stays closed: its row and statement cannot be changed or removed.
    for (const table of ['periods', 'period_statements']) {
      await q.query(`CREATE TRIGGER ${table}_immutable BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION refuse_change()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER journal_entries_closed_period ON journal_entries`);
    await q.query(`DROP FUNCTION refuse_closed_period()`);
    for (const table of ['period_statements', 'periods', 'reconciliation_matches', 'reconciliation_runs', 'stripe_balance_transactions']) await q.query(`DROP TABLE ${table}`);
    await q.query(`DROP INDEX donations_stripe_received_idx`);
    await q.query(`ALTER TABLE donations DROP COLUMN reconciliation_flag`);
  }
}
