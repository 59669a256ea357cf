import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Money out (SPEC §7): funded roles and summer-of-code seasons, role payments, general
 * expenses, transfers between funds, and the runway alert's remembered state.
 *
 * Each payment, expense and transfer points at the journal entry that booked it (and at the
 * reversing entry once corrected); amounts live in the ledger's postings, these rows only say
 * why the money moved. Reversal is the only correction: the rows are never deleted.
 */
export class CreateRolesAndSpending1764180000000 implements MigrationInterface {
  name = 'CreateRolesAndSpending1764180000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE seasons (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
        fund_id uuid NOT NULL REFERENCES funds(id),
        currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        budget bigint NOT NULL CHECK (budget > 0),
        per_student_cap bigint NOT NULL CHECK (per_student_cap > 0),
        status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'open', 'running', 'closed')),
        starts_on date,
        ends_on date CHECK (ends_on >= starts_on),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE roles (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        kind text NOT NULL CHECK (kind IN ('staff', 'contractor', 'stipend')),
        holder_name text CHECK (length(holder_name) BETWEEN 1 AND 200),
        holder_email text CHECK (length(holder_email) BETWEEN 3 AND 254),
        fund_id uuid NOT NULL REFERENCES funds(id),
        currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        monthly_cost bigint CHECK (monthly_cost > 0),
        total_stipend bigint CHECK (total_stipend > 0),
        -- Stipend instalments [{dueOn, amount}] summing to total_stipend.
        schedule jsonb,
        season_id uuid REFERENCES seasons(id),
        starts_on date NOT NULL,
        ends_on date CHECK (ends_on >= starts_on),
        status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'hiring', 'active', 'ended')),
        public boolean NOT NULL DEFAULT false,
        public_description text CHECK (length(public_description) <= 5000),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        -- A stipend is a total within a season; staff and contractors cost a monthly amount.
        CHECK (CASE WHEN kind = 'stipend'
                    THEN total_stipend IS NOT NULL AND monthly_cost IS NULL AND season_id IS NOT NULL AND schedule IS NOT NULL
                    ELSE monthly_cost IS NOT NULL AND total_stipend IS NULL AND season_id IS NULL END),
        CHECK ((holder_name IS NULL) = (holder_email IS NULL)),
        CHECK (status <> 'active' OR holder_name IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX roles_fund_idx ON roles (fund_id, status)`);
    await q.query(`CREATE INDEX roles_season_idx ON roles (season_id) WHERE season_id IS NOT NULL`);

    await q.query(`
      CREATE TABLE role_payments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        role_id uuid NOT NULL REFERENCES roles(id),
        amount bigint NOT NULL CHECK (amount > 0),
        currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        paid_on date NOT NULL,
        paid_from text NOT NULL CHECK (paid_from ~ '^assets(:[a-z0-9][a-z0-9-]*)+$'),
        reference text CHECK (length(reference) <= 500),
        note text CHECK (length(note) <= 2000),
        override_reason text CHECK (length(override_reason) BETWEEN 1 AND 2000),
        entry_id uuid NOT NULL UNIQUE REFERENCES journal_entries(id),
        reversal_entry_id uuid UNIQUE REFERENCES journal_entries(id),
        reversal_reason text CHECK (length(reversal_reason) BETWEEN 1 AND 2000),
        reversed_at timestamptz,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((reversal_entry_id IS NULL) = (reversal_reason IS NULL))
      )`);
    await q.query(`CREATE INDEX role_payments_role_idx ON role_payments (role_id, paid_on)`);

    await q.query(`
      CREATE TABLE expenses (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        category text NOT NULL CHECK (category ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
        payee text NOT NULL CHECK (length(payee) BETWEEN 1 AND 200),
        fund_id uuid NOT NULL REFERENCES funds(id),
        amount bigint NOT NULL CHECK (amount > 0),
        currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        spent_on date NOT NULL,
        paid_from text NOT NULL CHECK (paid_from ~ '^assets(:[a-z0-9][a-z0-9-]*)+$'),
        reference text CHECK (length(reference) <= 500),
        receipt_url text CHECK (length(receipt_url) <= 2000),
        note text CHECK (length(note) <= 2000),
        entry_id uuid NOT NULL UNIQUE REFERENCES journal_entries(id),
        reversal_entry_id uuid UNIQUE REFERENCES journal_entries(id),
        reversal_reason text CHECK (length(reversal_reason) BETWEEN 1 AND 2000),
        reversed_at timestamptz,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((reversal_entry_id IS NULL) = (reversal_reason IS NULL))
      )`);
    await q.query(`CREATE INDEX expenses_spent_idx ON expenses (spent_on DESC, id)`);

    await q.query(`
      CREATE TABLE fund_transfers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        from_fund_id uuid NOT NULL REFERENCES funds(id),
        to_fund_id uuid NOT NULL REFERENCES funds(id) CHECK (to_fund_id <> from_fund_id),
        amount bigint NOT NULL CHECK (amount > 0),
        currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        transferred_on date NOT NULL,
        reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
        entry_id uuid NOT NULL UNIQUE REFERENCES journal_entries(id),
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);

    // One row per watched fund: below the threshold or not, and how many times it crossed.
    await q.query(`
      CREATE TABLE runway_alert_state (
        fund_id uuid PRIMARY KEY REFERENCES funds(id),
        below boolean NOT NULL DEFAULT false,
        crossings int NOT NULL DEFAULT 0,
        last_months numeric(10, 1),
        changed_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['runway_alert_state', 'fund_transfers', 'expenses', 'role_payments', 'roles', 'seasons']) await q.query(`DROP TABLE ${table}`);
  }
}
