import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../../src/database/test-database.js';
import { chargeBooking } from '../../src/stripe/charge-booking.js';
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
  /** Books one more charge and answers the pages (shared buffers) the booking touched. */
  const pagesOfOneBooking = async (): Promise<number> => {
    const [{ 'QUERY PLAN': plan }] = (await client.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) SELECT stripe_book_charge($1::jsonb)`, [booking()])).rows;
    const top = plan[0].Plan as Record<string, number>;
    return top['Shared Hit Blocks'] + top['Shared Read Blocks'];
  };

  it("does not read the grown donations table for the charge's own lookup", async () => {
    // More than five calls: plpgsql then decides whether to keep one plan for the session. It
    // decides again after statistics change: here they say "a few rows", as autovacuum's first
    // ANALYZE of a new installation's table does, and for such a table a full scan is cheapest.
    for (let i = 0; i < 10; i++) expect(await book()).toBe('applied');
    await client.query('ANALYZE donations');
    for (let i = 0; i < 10; i++) expect(await book()).toBe('applied');
    const small = await pagesOfOneBooking();
    await client.query(
      `INSERT INTO donations (channel, external_id, amount, currency, received_at, fund_id)
       SELECT 'stripe', 'ch_bulk_' || g, 100, 'EUR', now(), (SELECT id FROM funds WHERE code = 'general') FROM generate_series(1, 30000) g`,
    );
    const [{ pages }] = (await client.query(`SELECT (pg_relation_size('donations') / current_setting('block_size')::int)::int AS pages`)).rows;
    const large = await pagesOfOneBooking();
    // PostgreSQL's own check of the journal entry's key to its donation keeps the plan it made
    // for a small table until the next ANALYZE, and reads the table once (about `pages`). The
    // function's lookup of the charge's donation reads a few index pages; with a kept plan it
    // read the table a second time (measured before the change: 1,448 pages against 785).
    expect(large - small).toBeLessThan(pages * 1.5);
  });
});
