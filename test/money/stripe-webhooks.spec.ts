import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { StripeFake } from '../fakes/stripe-fake.js';
import { createTestApp, TestApp } from '../setup/test-app.js';

const SECRET = 'whsec_webhooks_spec_secret';
type Obj = Record<string, any>;

async function counts(ds: DataSource) {
  const [row] = await ds.query(`SELECT
    (SELECT count(*)::int FROM stripe_events) AS events, (SELECT count(*)::int FROM donations) AS donations,
    (SELECT count(*)::int FROM journal_entries) AS entries, (SELECT count(*)::int FROM postings) AS postings,
    (SELECT count(*)::int FROM payouts) AS payouts, (SELECT count(*)::int FROM sponsors) AS sponsors,
    (SELECT count(*)::int FROM email_outbox) AS emails`);
  return row;
}

describe('Stripe webhooks without an API key', () => {
  let t: TestApp;
  let fake: StripeFake;
  let ds: DataSource;
  const send = (event: Obj, opts: { secret?: string; timestamp?: number; header?: string | null; body?: string } = {}) => {
    const payload = opts.body ?? JSON.stringify(event);
    const signed = JSON.stringify(event);
    const req = t.http.post('/api/v1/webhooks/stripe').set('content-type', 'application/json');
    if (opts.header !== null) req.set('stripe-signature', opts.header ?? StripeFake.sign(signed, opts.secret ?? SECRET, opts.timestamp));
    return req.send(payload);
  };
  beforeAll(async () => {
    fake = await StripeFake.start();
    t = await createTestApp({ STRIPE_WEBHOOK_SECRET: SECRET, STRIPE_WEBHOOK_TOLERANCE_SECONDS: '300' });
    ds = t.app.get(DataSource);
  });
  afterAll(async () => {
    await t.close();
    await fake.stop();
  });

  it('R2: refuses forged deliveries with 400 and writes nothing', async () => {
    const charge = fake.charge({ amount: 5000, currency: 'EUR', fee: 175, email: `forged-${randomUUID()}@example.org` });
    const event = fake.event('charge.succeeded', charge);
    const before = await counts(ds);
    const tampered = JSON.stringify({ ...event, data: { object: { ...charge, amount: 500000 } } });
    const cases: [string, () => Promise<{ status: number; body: Obj }>][] = [
      ['no signature', () => send(event, { header: null })],
      ['empty signature', () => send(event, { header: '' })],
      ['garbage signature', () => send(event, { header: 't=1,v1=deadbeef' })],
      ['wrong secret', () => send(event, { secret: 'whsec_someone_else' })],
      ['tampered body', () => send(event, { body: tampered })],
      ['timestamp past tolerance', () => send(event, { timestamp: Math.floor(Date.now() / 1000) - 301 })],
      ['replayed old delivery', () => send(event, { timestamp: Math.floor(Date.now() / 1000) - 86_400 })],
    ];
    const results: string[] = [];
    for (const [name, run] of cases) {
      const res = await run();
      expect({ name, status: res.status }).toEqual({ name, status: 400 });
      expect(res.body).toMatchObject({ statusCode: 400, code: 'stripe_bad_signature' });
      results.push(name);
    }
    expect(await counts(ds)).toEqual(before);
    process.stdout.write(`\nR2 forged webhooks: ${cases.length} forgeries (${results.join(', ')}) → 400, 0 rows written\n`);
    // The genuine delivery of the same event is then accepted.
    await send(event).expect(200);
  });

  it('books gross with the fee pending when the event has no balance transaction', async () => {
    const charge = fake.charge({ amount: 4000, currency: 'EUR', fee: 146, email: null });
    const res = await send(fake.event('charge.succeeded', charge)).expect(200);
    expect(res.body).toMatchObject({ received: true, duplicate: false, outcome: 'applied' });
    const [d] = await ds.query(`SELECT id, amount::int, fee::int, fee_pending FROM donations WHERE external_id = $1`, [charge.id]);
    expect(d).toMatchObject({ amount: 4000, fee: 0, fee_pending: true });
    const again = await send(fake.event('charge.succeeded', charge)).expect(200);
    expect(again.body.outcome).toBe('applied'); // another event id for the same charge: still one donation
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM donations WHERE external_id = $1`, [charge.id]);
    expect(n).toBe(1);
  });

  it('parks a dispute that arrives before its charge and applies it when the charge comes', async () => {
    const charge = fake.charge({ amount: 9000, currency: 'USD', fee: 290, email: `dispute-${randomUUID()}@example.org` });
    const dispute = fake.dispute(charge.id, { status: 'needs_response', fee: 1500 });
    const parked = await send(fake.event('charge.dispute.created', dispute)).expect(200);
    expect(parked.body.outcome).toBe('waiting');
    const lost = await send(fake.event('charge.dispute.closed', fake.withStatus(dispute, 'lost'))).expect(200);
    expect(lost.body.outcome).toBe('waiting');
    await send(fake.event('charge.succeeded', { ...charge, balance_transaction: fake.objects.get(charge.balance_transaction) })).expect(200);
    const [d] = await ds.query(`SELECT id, status, fee::int FROM donations WHERE external_id = $1`, [charge.id]);
    expect(d).toMatchObject({ status: 'disputed', fee: 290 });
    const balances = await ds.query(
      `SELECT p.account, sum(p.amount)::int AS amount FROM postings p JOIN journal_entries e ON e.id = p.entry_id WHERE e.donation_id = $1 GROUP BY 1 ORDER BY 1`,
      [d.id],
    );
    expect(balances).toEqual([
      { account: 'assets:stripe', amount: 9000 - 290 - 9000 - 1500 },
      { account: 'assets:stripe:disputed', amount: 0 },
      { account: 'expenses:fees:stripe', amount: 290 + 1500 },
      { account: 'income:donations:stripe', amount: 0 },
    ]);
    const [{ waiting }] = await ds.query(`SELECT count(*)::int AS waiting FROM stripe_events WHERE waiting_for = $1`, [charge.id]);
    expect(waiting).toBe(0);
  });

  it('applies a refund that arrives before its charge from the embedded charge, partial then full', async () => {
    const charge = fake.charge({ amount: 3000, currency: 'EUR', fee: 117, email: null });
    const partial = fake.refund(charge.id, 1000);
    const full = fake.refund(charge.id, 2000);
    const bt = fake.objects.get(charge.balance_transaction);
    await send(fake.event('charge.refunded', { ...full, balance_transaction: bt })).expect(200);
    await send(fake.event('charge.refunded', { ...partial, balance_transaction: bt })).expect(200);
    await send(fake.event('charge.succeeded', { ...charge, balance_transaction: bt })).expect(200);
    const [d] = await ds.query(`SELECT id, status, refunded_amount::int AS refunded, fee::int FROM donations WHERE external_id = $1`, [charge.id]);
    expect(d).toMatchObject({ status: 'refunded', refunded: 3000, fee: 117 });
    const [{ income }] = await ds.query(
      `SELECT sum(p.amount)::int AS income FROM postings p JOIN journal_entries e ON e.id = p.entry_id WHERE e.donation_id = $1 AND p.account = 'income:donations:stripe'`,
      [d.id],
    );
    expect(income).toBe(0);
  });

  it('queues one receipt in the sponsor’s locale, none for a sponsor who opted out', async () => {
    const treasurer = await t.userWith('treasurer');
    const de = `de-${randomUUID()}@example.org`;
    const quiet = `quiet-${randomUUID()}@example.org`;
    await t.http.post('/api/v1/sponsors').set(treasurer.auth).send({ name: 'Käthe', email: de, locale: 'de' }).expect(201);
    await t.http
      .post('/api/v1/sponsors')
      .set(treasurer.auth)
      .send({ name: 'Quiet', email: quiet, emailPreferences: { receipts: false } })
      .expect(201);
    const c1 = fake.charge({ amount: 1234, currency: 'EUR', fee: 40, email: de.toUpperCase() });
    const c2 = fake.charge({ amount: 999, currency: 'EUR', fee: 30, email: quiet });
    const e1 = fake.event('charge.succeeded', c1);
    for (let i = 0; i < 3; i++) await send(e1).expect(200);
    await send(fake.event('charge.succeeded', c1)).expect(200);
    await send(fake.event('charge.succeeded', c2)).expect(200);
    const rows = await ds.query(
      `SELECT o.recipient, o.locale, o.props->>'amount' AS amount, o.template FROM email_outbox o JOIN donations d ON o.dedupe_key = 'receipt:' || d.id
       WHERE d.external_id = ANY($1)`,
      [[c1.id, c2.id]],
    );
    // Intl puts a no-break space between number and symbol.
    expect(rows.map((r: Obj) => ({ ...r, amount: r.amount.replace(/\s/g, ' ') }))).toEqual([{ recipient: de, locale: 'de', amount: '12,34 €', template: 'donation-receipt' }]);
  });

  it('handles JPY and BHD amounts end to end', async () => {
    const jpy = fake.charge({ amount: 5000, currency: 'JPY', fee: 180, email: `yen-${randomUUID()}@example.org` });
    const bhd = fake.charge({ amount: 12340, currency: 'BHD', fee: 370, email: `fils-${randomUUID()}@example.org` });
    for (const c of [jpy, bhd]) await send(fake.event('charge.succeeded', { ...c, balance_transaction: fake.objects.get(c.balance_transaction) })).expect(200);
    const board = await t.userWith('board');
    const list = await t.http.get(`/api/v1/donations?channel=stripe&limit=200`).set(board.auth).expect(200);
    const byCharge = new Map(list.body.items.map((d: Obj) => [d.externalId, d]));
    expect(byCharge.get(jpy.id)).toMatchObject({ amount: 5000, fee: 180, net: 4820, currency: 'JPY' });
    expect(byCharge.get(bhd.id)).toMatchObject({ amount: 12340, fee: 370, net: 11970, currency: 'BHD' });
    const receipts = await ds.query(
      `SELECT o.props->>'amount' AS amount FROM email_outbox o JOIN donations d ON o.dedupe_key = 'receipt:' || d.id WHERE d.external_id = ANY($1) ORDER BY d.currency`,
      [[jpy.id, bhd.id]],
    );
    expect(receipts.map((r: Obj) => r.amount.replace(/\s/g, ' '))).toEqual(['BHD 12.340', '¥5,000']);
    const treasurer = await t.userWith('treasurer');
    await t.http.post('/api/v1/donations').set(treasurer.auth).send({ channel: 'bank', amount: 1500, currency: 'BHD', receivedAt: '2026-05-01' }).expect(201);
    const journal = await t.http.get('/api/v1/exports/journal?format=ledger').set(treasurer.auth).expect(200);
    expect(journal.text).toContain('5000 JPY');
    expect(journal.text).toContain('12.340 BHD');
    expect(journal.text).toContain('1.500 BHD');
  });

  it('emails once when a recurring payment fails and when a subscription is cancelled', async () => {
    const email = `recurring-${randomUUID()}@example.org`;
    const sub = `sub_${randomUUID().slice(0, 12)}`;
    const charge = fake.charge({ amount: 1000, currency: 'EUR', fee: 50, email: null });
    await send(
      fake.event('invoice.paid', fake.invoice({ subscription: sub, paymentIntent: charge.payment_intent, amount: 1000, currency: 'EUR', metadata: { fund: 'rsoc' }, email })),
    ).expect(200);
    await send(fake.event('charge.succeeded', charge)).expect(200);
    const [d] = await ds.query(`SELECT recurring, subscription_id, (SELECT code FROM funds WHERE id = fund_id) AS fund FROM donations WHERE external_id = $1`, [charge.id]);
    expect(d).toEqual({ recurring: true, subscription_id: sub, fund: 'rsoc' });
    const failed = fake.event(
      'invoice.payment_failed',
      fake.invoice({ subscription: sub, paymentIntent: `pi_${randomUUID()}`, amount: 1000, currency: 'EUR', email, attempt: 2, next: 1_800_000_000 }),
    );
    await send(failed).expect(200);
    await send(failed).expect(200);
    const deleted = fake.event('customer.subscription.deleted', fake.subscription({ id: sub, status: 'canceled' }));
    await send(deleted).expect(200);
    await send(fake.event('customer.subscription.deleted', fake.subscription({ id: sub, status: 'canceled' }))).expect(200);
    const rows = await ds.query(
      `SELECT template, recipient, props->>'fund' AS fund, props->>'retryInfo' AS "retryInfo" FROM email_outbox
       WHERE dedupe_key LIKE 'recurring-%' AND (props->>'name') IS NOT NULL AND recipient = $1 ORDER BY template`,
      [email],
    );
    // Wording from the catalogs: the fund by its name, the next attempt as a sentence (1_800_000_000 s is 2027-01-15).
    expect(rows).toEqual([
      { template: 'recurring-donation-cancelled', recipient: email, fund: 'Redox Summer of Code', retryInfo: null },
      { template: 'recurring-donation-failed', recipient: email, fund: 'Redox Summer of Code', retryInfo: 'We will try again on 2027-01-15.' },
    ]);
  });

  it('moves a donation to the fund its checkout session names, whichever arrives first', async () => {
    const email = `checkout-${randomUUID()}@example.org`;
    const charge = fake.charge({ amount: 2500, currency: 'EUR', fee: 80, email: null });
    await send(fake.event('charge.succeeded', charge)).expect(200);
    await send(fake.event('checkout.session.completed', fake.checkoutSession({ paymentIntent: charge.payment_intent, metadata: { fund: 'rsoc' }, email }))).expect(200);
    const [d] = await ds.query(
      `SELECT d.id, f.code AS fund, s.email FROM donations d JOIN funds f ON f.id = d.fund_id JOIN sponsors s ON s.id = d.sponsor_id WHERE d.external_id = $1`,
      [charge.id],
    );
    expect(d).toMatchObject({ fund: 'rsoc', email });
    const funds = await ds.query(
      `SELECT f.code, sum(p.amount)::int AS income FROM postings p JOIN journal_entries e ON e.id = p.entry_id JOIN funds f ON f.id = p.fund_id
       WHERE e.donation_id = $1 AND p.account = 'income:donations:stripe' GROUP BY 1 ORDER BY 1`,
      [d.id],
    );
    expect(funds).toEqual([
      { code: 'general', income: 0 },
      { code: 'rsoc', income: -2500 },
    ]);
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM email_outbox WHERE dedupe_key = $1`, [`receipt:${d.id}`]);
    expect(n).toBe(1);
  });

  it('answers checkout with a clear 503 when Stripe is not configured', async () => {
    const res = await t.http.post('/api/v1/donate/checkout').send({ amount: 2500, currency: 'EUR' }).expect(503);
    expect(res.body.message).toMatch(/STRIPE_SECRET_KEY/);
    // …but an unknown fund is the donor's mistake, named before Stripe is asked for anything.
    const unknown = await t.http.post('/api/v1/donate/checkout').send({ amount: 2500, currency: 'EUR', fund: 'no-such-fund' }).expect(400);
    expect(unknown.body).toMatchObject({ code: 'fund_unknown', details: [{ field: 'fund' }] });
  });
});
