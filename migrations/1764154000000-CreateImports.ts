import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Imports (HCB model: raw → hashed → canonical). Every accepted row of a Patreon, merch or
 * bank file is kept raw in `import_rows` with a hash over its canonical identity, unique per
 * source (bank account, Patreon export, merch shop), so an overlapping statement or the same
 * file again adds nothing. Canonical records (`bank_lines`, `provider_payouts`,
 * `provider_income`) point at the row they came from and are written in the same transaction.
 */
export class CreateImports1764154000000 implements MigrationInterface {
  name = 'CreateImports1764154000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE import_profiles (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL UNIQUE CHECK (name ~ '^[a-z0-9][a-z0-9_-]{0,63}$'),
        config jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE imports (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('patreon', 'merch', 'bank')),
        format text NOT NULL CHECK (format IN ('patreon-members-csv', 'patreon-earnings-csv', 'spring-payouts-csv',
                                               'bank-csv', 'ofx-sgml', 'ofx-xml', 'camt053')),
        filename text NOT NULL,
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        size_bytes bigint NOT NULL CHECK (size_bytes >= 0),
        profile_id uuid REFERENCES import_profiles (id),
        -- A CSV's header: the names of the fields each row keeps in import_rows.raw (an array).
        columns jsonb,
        actor_id uuid NOT NULL,
        actor_email text NOT NULL,
        rows integer NOT NULL DEFAULT 0 CHECK (rows >= 0),
        created integer NOT NULL DEFAULT 0 CHECK (created >= 0),
        duplicates integer NOT NULL DEFAULT 0 CHECK (duplicates >= 0),
        error_count integer NOT NULL DEFAULT 0 CHECK (error_count >= 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        -- The same bytes imported again answer the first import instead of a second record.
        CONSTRAINT imports_kind_sha256_key UNIQUE (kind, sha256),
        CONSTRAINT imports_counts_check CHECK (created + duplicates + error_count = rows)
      )`);
    await q.query(`CREATE INDEX imports_created_idx ON imports (created_at DESC, id)`);
    await q.query(`
      CREATE TABLE import_rows (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        -- Deferred: the import's own row is written last, once the file's hash and counts are known.
        import_id uuid NOT NULL REFERENCES imports (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
        -- Position of the row among the file's rows (1, 2, …); line is where it sits in the file.
        seq integer NOT NULL CHECK (seq > 0),
        -- Which account or export the row belongs to: 'bank:<IBAN or account id>', 'patreon:members', …
        source_key text NOT NULL,
        line integer NOT NULL CHECK (line > 0),
        raw jsonb NOT NULL,
        -- sha256 (hex) of the canonical identity plus an occurrence counter; NULL for rows in error.
        -- Length checks, not regular expressions: this table takes hundreds of thousands of rows a file.
        row_hash text CHECK (length(row_hash) = 64),
        status text NOT NULL CHECK (status IN ('ok', 'error')),
        error text,
        date date,
        amount bigint CHECK (amount >= 0),
        currency text CHECK (length(currency) = 3 AND currency = upper(currency)),
        direction text CHECK (direction IN ('credit', 'debit')),
        description text,
        reference text,
        counterparty text,
        external_id text,
        CONSTRAINT import_rows_source_hash_key UNIQUE (source_key, row_hash),
        CONSTRAINT import_rows_state_check CHECK (
          (status = 'ok' AND row_hash IS NOT NULL AND error IS NULL)
          OR (status = 'error' AND row_hash IS NULL AND error IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX import_rows_import_seq_idx ON import_rows (import_id, seq)`);
    await q.query(`
      CREATE TABLE bank_lines (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        import_row_id uuid NOT NULL UNIQUE REFERENCES import_rows (id),
        account text NOT NULL,
        booked_on date NOT NULL,
        value_on date,
        amount bigint NOT NULL CHECK (amount > 0),
        currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        direction text NOT NULL CHECK (direction IN ('credit', 'debit')),
        reversal boolean NOT NULL DEFAULT false,
        reference text,
        bank_reference text,
        description text,
        counterparty text,
        counterparty_account text,
        -- Set by reconciliation: matched to a payout/donation, or classified by a person.
        match_state text NOT NULL DEFAULT 'unmatched' CHECK (match_state IN ('unmatched', 'matched', 'classified')),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX bank_lines_booked_idx ON bank_lines (booked_on, direction, amount)`);
    await q.query(`CREATE INDEX bank_lines_unmatched_idx ON bank_lines (booked_on) WHERE match_state = 'unmatched'`);
    await q.query(`
      CREATE TABLE provider_payouts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        import_row_id uuid NOT NULL UNIQUE REFERENCES import_rows (id),
        provider text NOT NULL CHECK (provider IN ('patreon', 'merch')),
        external_id text NOT NULL,
        period_start date,
        period_end date,
        gross bigint NOT NULL CHECK (gross >= 0),
        fees bigint NOT NULL CHECK (fees >= 0),
        net bigint NOT NULL,
        currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        paid_on date,
        status text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT provider_payouts_external_key UNIQUE (provider, external_id),
        CONSTRAINT provider_payouts_period_check CHECK (period_start IS NULL OR period_end IS NULL OR period_start <= period_end)
      )`);
    await q.query(`CREATE INDEX provider_payouts_paid_idx ON provider_payouts (paid_on, currency, net)`);
    await q.query(`
      CREATE TABLE provider_income (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        import_row_id uuid NOT NULL UNIQUE REFERENCES import_rows (id),
        provider text NOT NULL CHECK (provider IN ('patreon')),
        external_id text NOT NULL,
        member_id text NOT NULL,
        name text,
        email text,
        amount bigint NOT NULL CHECK (amount > 0),
        currency text NOT NULL CHECK (length(currency) = 3 AND currency = upper(currency)),
        charged_on date NOT NULL,
        tier text,
        charge_frequency text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT provider_income_external_key UNIQUE (provider, external_id)
      )`);
    await q.query(`CREATE INDEX provider_income_charged_idx ON provider_income (charged_on)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE provider_income`);
    await q.query(`DROP TABLE provider_payouts`);
    await q.query(`DROP TABLE bank_lines`);
    await q.query(`DROP TABLE import_rows`);
    await q.query(`DROP TABLE imports`);
    await q.query(`DROP TABLE import_profiles`);
  }
}
