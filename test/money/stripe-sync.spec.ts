import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { StripeFake } from '../fakes/stripe-fake.js';
import { createTestApp, TestApp } from '../setup/test-app.js';

const SECRET = 'whsec_sync_spec_secret';

describe('Stripe sync and checkout through the real SDK against the local fake', () => {
  let t: TestApp;
  let fake: StripeFake;
  let ds: DataSource;
  let treasurer: { auth: { Authorization: string } };
  beforeAll(async () => {
    fake = await StripeFake.start();
    t = await createTestApp({ STRIPE_WEBHOOK_SECRET: SECRET, STRIPE_SECRET_KEY: 'sk_test_sync', STRIPE_API_BASE: fake.url, PUBLIC_RATE_LIMIT_PER_MINUTE: '1000' });
    ds = t.app.get(DataSource);
    treasurer = await t.userWith('treasurer');
  });
  afterAll(async () => {
    await t.close();
    await fake.stop();
  });

  it('creates what lost webhooks missed, completes pending fees, records payouts, and changes nothing the second time', async () => {
    const now = Math.floor(Date.now() / 1000);
    // A charge whose webhook never came, one refunded later, and a payout.
    const lost = fake.charge({ amount: 7000, currency: 'EUR', fee: 233, created: now - 500, email: `lost-${randomUUID()}@example.org` });
    const refunded = fake.charge({ amount: 2000, currency: 'EUR', fee: 88, created: now - 400 });
    fake.refund(refunded.id, 500, now - 300);
    const payout = fake.payout({ amount: 5000, currency: 'EUR', status: 'paid', created: now - 200 });
    // A charge whose webhook came without its balance transaction: fee pending.
    const pending = fake.charge({ amount: 3000, currency: 'EUR', fee: 117, created: now - 100 });
    const event = fake.event('charge.succeeded', pending);
    const payload = JSON.stringify(event);
    // Webhooks still work with a key; this one fetches its fee from the fake via the SDK.
    await t.http.post('/api/v1/webhooks/stripe').set('content-type', 'application/json').set('stripe-signature', StripeFake.sign(payload, SECRET)).send(payload).expect(200);
    const [p] = await ds.query(`SELECT fee::int, fee_pending FROM donations WHERE external_id = $1`, [pending.id]);
    expect(p).toEqual({ fee: 117, fee_pending: false });

    const first = await t.http.post('/api/v1/stripe/sync').set(treasurer.auth).expect(200);
    expect(first.body.donationsCreated).toBeGreaterThanOrEqual(2);
    expect(fake.requests.filter((r) => r.startsWith('GET /v1/balance_transactions')).length).toBeGreaterThan(0);
    const rows = await ds.query(`SELECT external_id, amount::int, fee::int, refunded_amount::int AS refunded, status FROM donations WHERE external_id = ANY($1) ORDER BY amount`, [
      [lost.id, refunded.id, pending.id],
    ]);
    expect(rows).toEqual([
      { external_id: refunded.id, amount: 2000, fee: 88, refunded: 500, status: 'partially_refunded' },
      { external_id: pending.id, amount: 3000, fee: 117, refunded: 0, status: 'succeeded' },
      { external_id: lost.id, amount: 7000, fee: 233, refunded: 0, status: 'succeeded' },
    ]);
    const [po] = await ds.query(`SELECT amount::int, currency, status, paid_entry_id IS NOT NULL AS booked FROM payouts WHERE external_id = $1`, [payout.id]);
    expect(po).toEqual({ amount: 5000, currency: 'EUR', status: 'paid', booked: true });

    const [{ entries: before }] = await ds.query(`SELECT count(*)::int AS entries FROM journal_entries`);
    const second = await t.http.post('/api/v1/stripe/sync').set(treasurer.auth).expect(200);
    expect(second.body.donationsCreated).toBe(0);
    const [{ entries: after }] = await ds.query(`SELECT count(*)::int AS entries FROM journal_entries`);
    expect(after).toBe(before);
    const check = await t.http.get('/api/v1/ledger/check').set(treasurer.auth).expect(200);
    expect(check.body).toMatchObject({ ok: true, unbalanced: [], donationMismatches: [], payoutMismatches: [] });
  });

  it('completes a fee left pending by a webhook without a key', async () => {
    const charge = fake.charge({ amount: 1500, currency: 'EUR', fee: 74 });
    const noKey = await createTestApp({ STRIPE_WEBHOOK_SECRET: SECRET });
    try {
      const payload = JSON.stringify(fake.event('charge.succeeded', charge));
      await noKey.http.post('/api/v1/webhooks/stripe').set('content-type', 'application/json').set('stripe-signature', StripeFake.sign(payload, SECRET)).send(payload).expect(200);
    } finally {
      await noKey.app.close();
    }
    const [before] = await ds.query(`SELECT fee::int, fee_pending FROM donations WHERE external_id = $1`, [charge.id]);
    expect(before).toEqual({ fee: 0, fee_pending: true });
    const res = await t.http.post('/api/v1/stripe/sync').set(treasurer.auth).expect(200);
    expect(res.body.feesCompleted).toBe(1);
    const [after] = await ds.query(`SELECT id, fee::int, fee_pending FROM donations WHERE external_id = $1`, [charge.id]);
    expect(after).toMatchObject({ fee: 74, fee_pending: false });
    const [{ fee }] = await ds.query(
      `SELECT sum(p.amount)::int AS fee FROM postings p JOIN journal_entries e ON e.id = p.entry_id WHERE e.donation_id = $1 AND p.account = 'expenses:fees:stripe'`,
      [after.id],
    );
    expect(fee).toBe(74);
  });

  it('refuses the sync to board members', async () => {
    const board = await t.userWith('board');
    await t.http.post('/api/v1/stripe/sync').set(board.auth).expect(403);
  });

  it('opens a Checkout session with the fund in metadata, and refuses an unknown fund', async () => {
    const res = await t.http
      .post('/api/v1/donate/checkout')
      .set('accept-language', 'de-DE')
      .send({ amount: 2500, currency: 'EUR', fund: 'rsoc', interval: 'month', email: 'monthly@example.org' })
      .expect(201);
    expect(res.body.url).toMatch(/^https:\/\/checkout\.stripe\.com\//);
    const sent = fake.objects.get(res.body.id)!._form;
    expect(sent).toMatchObject({
      mode: 'subscription',
      'metadata[fund]': 'rsoc',
      'metadata[locale]': 'de',
      'subscription_data[metadata][fund]': 'rsoc',
      'line_items[0][price_data][recurring][interval]': 'month',
    });
    const once = await t.http.post('/api/v1/donate/checkout').send({ amount: 1000, currency: 'JPY' }).expect(201);
    expect(fake.objects.get(once.body.id)!._form).toMatchObject({
      mode: 'payment',
      'payment_intent_data[metadata][fund]': 'general',
      'line_items[0][price_data][unit_amount]': '1000',
    });
    const bad = await t.http.post('/api/v1/donate/checkout').send({ amount: 1000, currency: 'EUR', fund: 'nope' }).expect(400);
    expect(bad.body.details).toEqual([{ field: 'fund', message: 'unknown fund "nope"' }]);
    await t.http.post('/api/v1/donate/checkout').send({ amount: 10.5, currency: 'EUR' }).expect(400);
  });
});
