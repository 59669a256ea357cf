import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../../src/database/test-database.js';
import { chargeBooking } from '../../src/stripe/charge-booking.js';
import { explainedStatements, mostBuffers } from '../setup/auto-explain.js';
import { describeOnPostgres } from '../setup/real-postgres.js';
import { chargeSucceeded } from './charge-event.js';

let n = 0;
const chargeEvent = () => chargeSucceeded('plan', { email: `plan-${++n % 3}@example.org`, name: 'Plan Donor' });

/**
 * A connection that booked its first charges while `donations` was new keeps booking in constant
 * work as the table grows (migration 1764700000000): before, plpgsql could keep a plan for the
 * charge's donation lookup that read every Stripe donation (B2, docs/performance.md).
 */
describeOnPostgres('the charge booking on a connection that began when the donations table was small', () => {
  let db: TestDatabase;
  let client: pg.Client;
  beforeAll(async () => {
    // A database of its own: new, never analyzed tables, as on a fresh installation.
    db = await createTestDatabase(process.env.TEST_DATABASE_URL);
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await db.drop();
  });

  const booking = () => JSON.stringify(chargeBooking(chargeEvent(), 'EUR', 'coffer.test'));
  const book = async (): Promise<string> => (await client.query(`SELECT stripe_book_charge($1::jsonb) AS outcome`, [booking()])).rows[0].outcome;
  /**
   * Books one more charge with auto_explain reporting each statement the function runs (as
   * notices to this client), and answers the plan of the charge's donation lookup: its own
   * buffers, not the whole booking's. The booking's total also counts what planning and
   * PostgreSQL's foreign-key checks read, which varied with the server's load (one run in four
   * under parallel load read the table once more, with this lookup on its index all along).
   */
  const lookupPlanOfOneBooking = async (): Promise<{ plan: string; buffers: number }> => {
    const notices = await explainedStatements(client, async () => expect(await book()).toBe('applied'));
    // Planned per call (`EXECUTE … USING $1`) since migration 1764700000000; before it, plpgsql's own
    // statement (`INTO` blanked out, `v_charge`).
    const plan = notices.find((n) => /Query Text: SELECT id, fee_pending\s+FROM donations WHERE channel = 'stripe' AND external_id = (\$1|v_charge)/.test(n));
    if (!plan) throw new Error(`auto_explain reported no plan of the donation lookup among ${notices.length} statements`);
    return { plan, buffers: mostBuffers(plan) };
  };

  it("does not read the grown donations table for the charge's own lookup", async () => {
    // More than five calls: plpgsql then decides whether to keep one plan for the session. It
    // decides again after statistics change: here they say "a few rows", as autovacuum's first
    // ANALYZE of a new installation's table does, and for such a table a full scan is cheapest.
    for (let i = 0; i < 10; i++) expect(await book()).toBe('applied');
    await client.query('ANALYZE donations');
    for (let i = 0; i < 10; i++) expect(await book()).toBe('applied');
    await client.query(
      `INSERT INTO donations (channel, external_id, amount, currency, received_at, fund_id)
       SELECT 'stripe', 'ch_bulk_' || g, 100, 'EUR', now(), (SELECT id FROM funds WHERE code = 'general') FROM generate_series(1, 30000) g`,
    );
    const [{ pages }] = (await client.query(`SELECT (pg_relation_size('donations') / current_setting('block_size')::int)::int AS pages`)).rows;
    // The lookup takes the charge's key, a few index pages; with a plan kept from the small table
    // it read every Stripe donation (measured before the change: the booking 1,448 pages against 785).
    const { plan, buffers } = await lookupPlanOfOneBooking();
    expect(plan).toContain('donations_external_key');
    expect(buffers).toBeLessThan(10);
    expect(pages).toBeGreaterThan(500);
  });
});
