import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * B2 (issue 15): `stripe_book_charges(ps jsonb[])` books several charge events in one statement,
 * so the webhook deliveries that arrive while one booking is running share the next statement
 * and its commit (`ChargeBatcher`) instead of paying one each. Measured with pgbench on
 * PostgreSQL 15, 8 clients: 2.05–2.14 ms of backend CPU per event one call at a time, 1.35–1.50 ms
 * eight to a call.
 *
 * Each event is `stripe_book_charge(p)` unchanged, in a block of its own: an event that the
 * function sends to the general path (SQLSTATE CF001, raised before anything of it is kept) is
 * rolled back to the start of its block and answered `general`, and the others stand. Any other
 * error ends the whole statement, and nothing of the batch is kept: the caller then books each
 * event alone, as before.
 *
 * Deadlocks: every payment lock the batch will need is taken first, in one sorted order, so a
 * batch never waits for a lock while holding a row it wrote; the caller puts the events in the
 * order of their sponsors' e-mail, so two batches that both add sponsors add them in the same
 * order. The blocks are subtransactions; a batch stays well under PostgreSQL's 64 cached
 * subtransaction ids per transaction (ChargeBatcher.MAX_BATCH).
 */
export class StripeChargesInBatches1764600000000 implements MigrationInterface {
  name = 'StripeChargesInBatches1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION stripe_book_charges(ps jsonb[]) RETURNS text[] LANGUAGE plpgsql AS $$
      DECLARE
        p jsonb;
        outcomes text[] := '{}';
      BEGIN
        PERFORM pg_advisory_xact_lock(k)
        FROM (SELECT DISTINCT hashtextextended(key, 0) AS k FROM unnest(ps) AS e(p), jsonb_array_elements_text(e.p->'locks') AS key ORDER BY 1) keys;
        FOREACH p IN ARRAY ps LOOP
          BEGIN
            outcomes := outcomes || stripe_book_charge(p);
          EXCEPTION WHEN SQLSTATE 'CF001' THEN
            outcomes := outcomes || 'general'::text;
          END;
        END LOOP;
        RETURN outcomes;
      END
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION stripe_book_charges(jsonb[])`);
  }
}
