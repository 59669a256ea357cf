import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Donors help themselves (issue 12): a signed link to Stripe's customer portal in receipts and
 * recurring-donation emails (`donor_manage` access tokens, one purpose like every link), and
 * sponsor erasure (`erased_at`; the books keep the amounts, the person's data goes).
 */
export class DonorSelfService1764220200000 implements MigrationInterface {
  name = 'DonorSelfService1764220200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE access_tokens DROP CONSTRAINT IF EXISTS access_tokens_purpose_check`);
    await q.query(`ALTER TABLE access_tokens ADD CONSTRAINT access_tokens_purpose_check CHECK (purpose IN ('interest_status', 'grantee', 'donor_manage'))`);
    await q.query(`ALTER TABLE sponsors ADD COLUMN erased_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE sponsors DROP COLUMN erased_at`);
    await q.query(`DELETE FROM access_tokens WHERE purpose = 'donor_manage'`);
    await q.query(`ALTER TABLE access_tokens DROP CONSTRAINT access_tokens_purpose_check`);
    await q.query(`ALTER TABLE access_tokens ADD CONSTRAINT access_tokens_purpose_check CHECK (purpose IN ('interest_status', 'grantee'))`);
  }
}
