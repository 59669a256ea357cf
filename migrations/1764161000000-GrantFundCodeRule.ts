import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A grant's fund follows the same rule as `funds.code` (lower-case letters, digits and dashes,
 * at most 63), instead of a length of 1–60 of its own, so any fund can pay a stipend.
 */
export class GrantFundCodeRule1764161000000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE grants DROP CONSTRAINT grants_fund_check`);
    await q.query(`ALTER TABLE grants ADD CONSTRAINT grants_fund_check CHECK (fund ~ '^[a-z0-9][a-z0-9-]{0,62}$')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE grants DROP CONSTRAINT grants_fund_check`);
    await q.query(`ALTER TABLE grants ADD CONSTRAINT grants_fund_check CHECK (length(fund) BETWEEN 1 AND 60)`);
  }
}
