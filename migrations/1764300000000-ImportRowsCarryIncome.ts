import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * B4 (issue 15): a Patreon income record is the raw row it came from, so it lives in the same
 * table. `provider_income` was a second table written for every paid member row: four indexes
 * of its own plus a foreign-key trigger fired once per row back into `import_rows`; it becomes a
 * view over the row's columns (same names, `id` = `import_row_id`), so importing a members
 * export writes one row and no trigger. What the table guaranteed stays a constraint: one
 * income record per external id (a partial unique index) and a positive amount with its
 * currency and charge date (a check). Nothing refers to the income records by key.
 *
 * `import_rows.raw` becomes `json`: it is kept to be shown back, never queried, and `jsonb`
 * parsed and re-encoded every field of every row on the way in (the largest single cost of
 * COPYing a wide CSV). `json` keeps the text as sent (key order too), checked for syntax.
 */
export class ImportRowsCarryIncome1764300000000 implements MigrationInterface {
  name = 'ImportRowsCarryIncome1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE import_rows ALTER COLUMN raw TYPE json USING raw::json`);
    await q.query(`ALTER TABLE import_rows ADD COLUMN member_id text, ADD COLUMN member_email text, ADD COLUMN tier text, ADD COLUMN charge_frequency text`);
    // The row's own columns already held the record's name, amount, currency, date and external id.
    await q.query(`
      UPDATE import_rows r
         SET member_id = i.member_id, member_email = i.email, tier = i.tier, charge_frequency = i.charge_frequency,
             counterparty = i.name, amount = i.amount, currency = i.currency, date = i.charged_on, external_id = i.external_id
        FROM provider_income i WHERE i.import_row_id = r.id`);
    await q.query(`DROP TABLE provider_income`);
    await q.query(`
      ALTER TABLE import_rows ADD CONSTRAINT import_rows_income_check CHECK (
        member_id IS NULL
        OR (status = 'ok' AND amount > 0 AND currency IS NOT NULL AND date IS NOT NULL AND external_id IS NOT NULL))`);
    await q.query(`CREATE UNIQUE INDEX import_rows_income_external_key ON import_rows (external_id) WHERE member_id IS NOT NULL`);
    await q.query(`
      CREATE VIEW provider_income AS
      SELECT r.id, r.id AS import_row_id, 'patreon'::text AS provider, r.external_id, r.member_id, r.counterparty AS name,
             r.member_email AS email, r.amount, r.currency, r.date AS charged_on, r.tier, r.charge_frequency, i.created_at
        FROM import_rows r JOIN imports i ON i.id = r.import_id
       WHERE r.member_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW provider_income`);
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
    await q.query(`
      INSERT INTO provider_income (import_row_id, provider, external_id, member_id, name, email, amount, currency, charged_on, tier, charge_frequency, created_at)
      SELECT r.id, 'patreon', r.external_id, r.member_id, r.counterparty, r.member_email, r.amount, r.currency, r.date, r.tier, r.charge_frequency, i.created_at
        FROM import_rows r JOIN imports i ON i.id = r.import_id
       WHERE r.member_id IS NOT NULL`);
    await q.query(`DROP INDEX import_rows_income_external_key`);
    await q.query(`ALTER TABLE import_rows DROP CONSTRAINT import_rows_income_check`);
    await q.query(`ALTER TABLE import_rows DROP COLUMN member_id, DROP COLUMN member_email, DROP COLUMN tier, DROP COLUMN charge_frequency`);
    await q.query(`ALTER TABLE import_rows ALTER COLUMN raw TYPE jsonb USING raw::jsonb`);
  }
}
