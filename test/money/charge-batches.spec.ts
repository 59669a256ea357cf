import { DataSource } from 'typeorm';
import { ChargeBatcher } from '../../src/stripe/charge-batcher.js';
import { chargeBooking } from '../../src/stripe/charge-booking.js';
import type { StripeEvent } from '../../src/stripe/stripe-objects.js';
import { createTestApp, TestApp } from '../setup/test-app.js';
import { chargeSucceeded } from './charge-event.js';

/** A charge.succeeded event with its fee known, as the one-call path books it. */
const chargeEvent = (email: string, amount = 2500) => chargeSucceeded('batch', { email, name: 'Batch Donor' }, amount);

describe('charge events booked together (ChargeBatcher, stripe_book_charges)', () => {
  let t: TestApp;
  let batcher: ChargeBatcher;
  let ds: DataSource;
  beforeAll(async () => {
    t = await createTestApp();
    batcher = t.app.get(ChargeBatcher);
    ds = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  const booking = (e: StripeEvent) => chargeBooking(e, 'EUR', 'coffer.test');
  const donationsOf = async (events: StripeEvent[]) =>
    (await ds.query(`SELECT count(*)::int AS n FROM donations WHERE channel = 'stripe' AND external_id = ANY($1)`, [events.map((e) => (e.data.object as { id: string }).id)]))[0]
      .n as number;

  it('books events that arrive together in fewer statements, each exactly once, duplicates answered as such', async () => {
    const events = Array.from({ length: 40 }, (_, i) => chargeEvent(`batch-${i % 7}@example.org`));
    const before = { ...batcher.stats };
    const outcomes = await Promise.all([...events, events[3], events[5]].map((e) => batcher.book(booking(e))));
    expect(outcomes.filter((o) => o === 'applied')).toHaveLength(40);
    expect(outcomes.filter((o) => o === 'duplicate:applied')).toHaveLength(2);
    expect(batcher.stats.events - before.events).toBe(42);
    // The first goes alone; the rest wait for it and share statements of at most 32.
    expect(batcher.stats.batches - before.batches).toBeLessThanOrEqual(3);
    expect(await donationsOf(events)).toBe(40);
    const [{ unbalanced }] = await ds.query(`SELECT count(*)::int AS unbalanced FROM (SELECT 1 FROM postings GROUP BY entry_id, currency HAVING sum(amount) <> 0) x`);
    expect(unbalanced).toBe(0);
  });

  it('sends an event the function leaves to the general path there, and keeps the others of its batch', async () => {
    const events = Array.from({ length: 5 }, (_, i) => chargeEvent(`general-${i}@example.org`));
    // A fee still pending on an existing donation is CF001 for an event that knows the fee.
    const pending = events[2];
    const charge = pending.data.object as { id: string };
    await ds.query(
      `INSERT INTO donations (channel, external_id, amount, fee, fee_pending, currency, received_at, fund_id)
       VALUES ('stripe', $1, 2500, 0, true, 'EUR', now(), (SELECT id FROM funds WHERE code = 'general'))`,
      [charge.id],
    );
    try {
      const outcomes = await Promise.all(events.map((e) => batcher.book(booking(e))));
      expect(outcomes[2]).toBe('general');
      expect(outcomes.filter((o) => o === 'applied')).toHaveLength(4);
      const [{ kept }] = await ds.query(`SELECT count(*)::int AS kept FROM stripe_events WHERE id = $1`, [pending.id]);
      expect(kept).toBe(0);
    } finally {
      // A donation without its journal entry: the files that run after this one on the same
      // database check the whole ledger (stripe-sync.spec.ts failed on it) or complete pending fees.
      await ds.query(`DELETE FROM donations WHERE channel = 'stripe' AND external_id = $1`, [charge.id]);
    }
  });

  it('rejects every event of a batch that fails as a whole, keeping none of it', async () => {
    const events = Array.from({ length: 4 }, (_, i) => chargeEvent(`fail-${i}@example.org`));
    const bad = booking(events[1]);
    bad.currency = 'not a currency';
    const results = await Promise.allSettled([booking(events[0]), bad, booking(events[2]), booking(events[3])].map((b) => batcher.book(b)));
    // The first went alone and stands; the three behind it shared a batch that failed.
    expect(results[0]).toEqual({ status: 'fulfilled', value: 'applied' });
    expect(results.slice(1).every((r) => r.status === 'rejected')).toBe(true);
    expect(await donationsOf(events.slice(1))).toBe(0);
  });
});
