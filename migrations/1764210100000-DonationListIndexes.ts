import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An index for every filter of `GET /donations` in the list's own order (received_at DESC, id
 * DESC), so a filtered page — and the bounded count behind its total — reads a few index
 * entries instead of sorting the matching rows. `from`/`to` use donations_received_idx, fund and
 * sponsor get the id tie-break the older (fund_id|sponsor_id, received_at) indexes lack.
 */
export class DonationListIndexes1764210100000 implements MigrationInterface {
  name = 'DonationListIndexes1764210100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX donations_channel_list_idx ON donations (channel, received_at DESC, id DESC)`);
    await q.query(`CREATE INDEX donations_status_list_idx ON donations (status, received_at DESC, id DESC)`);
    await q.query(`CREATE INDEX donations_fund_list_idx ON donations (fund_id, received_at DESC, id DESC)`);
    await q.query(`CREATE INDEX donations_sponsor_list_idx ON donations (sponsor_id, received_at DESC, id DESC)`);
    await q.query(`CREATE INDEX donations_unreconciled_list_idx ON donations (received_at DESC, id DESC) WHERE reconciled_at IS NULL`);
    // Superseded by the two above (same leading column, plus the list's order).
    await q.query(`DROP INDEX donations_fund_idx`);
    await q.query(`DROP INDEX donations_sponsor_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX donations_sponsor_idx ON donations (sponsor_id, received_at)`);
    await q.query(`CREATE INDEX donations_fund_idx ON donations (fund_id, received_at)`);
    await q.query(`DROP INDEX donations_unreconciled_list_idx`);
    await q.query(`DROP INDEX donations_sponsor_list_idx`);
    await q.query(`DROP INDEX donations_fund_list_idx`);
    await q.query(`DROP INDEX donations_status_list_idx`);
    await q.query(`DROP INDEX donations_channel_list_idx`);
  }
}
