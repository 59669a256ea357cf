import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The three foreign keys reconciliation_matches was created without (run, donation, Stripe
 * balance transaction; see CreateReconciliation): a match row now cannot name a run, donation
 * or balance transaction that does not exist, whatever writes it, and none of those rows can be
 * deleted while a match refers to it. Added NOT VALID and then validated, so an existing
 * installation's table is checked by one scan without blocking writes for longer than that.
 */
export class ReconciliationMatchKeys1764310000000 implements MigrationInterface {
  name = 'ReconciliationMatchKeys1764310000000';

  async up(q: QueryRunner): Promise<void> {
    const keys = [
      ['run_id', 'reconciliation_runs (id)'],
      ['donation_id', 'donations (id)'],
      ['balance_transaction_id', 'stripe_balance_transactions (id)'],
    ];
    for (const [column, target] of keys) {
      await q.query(`ALTER TABLE reconciliation_matches ADD CONSTRAINT reconciliation_matches_${column}_fkey FOREIGN KEY (${column}) REFERENCES ${target} NOT VALID`);
      await q.query(`ALTER TABLE reconciliation_matches VALIDATE CONSTRAINT reconciliation_matches_${column}_fkey`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const column of ['balance_transaction_id', 'donation_id', 'run_id']) {
      await q.query(`ALTER TABLE reconciliation_matches DROP CONSTRAINT reconciliation_matches_${column}_fkey`);
    }
  }
}
