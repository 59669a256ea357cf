import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { StripeFake } from '../fakes/stripe-fake.js';
import { createTestApp, TestApp } from '../setup/test-app.js';

const SECRET = 'whsec_subscriptions_spec';
const DONATE_URL = 'https://redox.example/give';
type Obj = Record<string, any>;

const DAY = 86_400;
const now = Math.floor(Date.now() / 1000);

/** Recurring giving as staff see it, built from webhook sequences through the Stripe fake. */
describe('GET /api/v1/subscriptions', () => {
  let t: TestApp;
  let fake: StripeFake;
  let ds: DataSource;
  let board: { Authorization: string };
  const send = async (type: string, object: Obj, created: number) => {
    const payload = JSON.stringify(fake.event(type, object, created));
    const res = await t.http.post('/api/v1/webhooks/stripe').set('content-type', 'application/json').set('stripe-signature', StripeFake.sign(payload, SECRET)).send(payload);
    expect(res.status).toBe(200);
  };
  /** A subscription as Stripe sends it in customer.subscription.*: the fixture with our price and dates. */
  const subscription = (id: string, spec: { amount: number; currency: string; interval: string; count?: number; status: string; start: number; email?: string }) => {
    const sub = fake.subscription({ id, status: spec.status, metadata: spec.email ? { email: spec.email, fund: 'general' } : {} });
    Object.assign(sub, { start_date: spec.start, created: spec.start, canceled_at: null, ended_at: null });
    sub.items.data[0].price = {
      ...sub.items.data[0].price,
      unit_amount: spec.amount,
      currency: spec.currency.toLowerCase(),
      recurring: { ...sub.items.data[0].price.recurring, interval: spec.interval, interval_count: spec.count ?? 1 },
    };
    sub.items.data[0].plan = { ...sub.items.data[0].plan, interval: spec.interval, interval_count: spec.count ?? 1, amount: spec.amount };
    sub.items.data[0].quantity = 1;
    return sub;
  };
  const paid = (sub: string, amount: number, email: string, at: number) => {
    const invoice = fake.invoice({ subscription: sub, paymentIntent: `pi_${randomUUID().slice(0, 12)}`, amount, currency: 'EUR', email, metadata: { fund: 'general' } });
    invoice.status_transitions = { ...invoice.status_transitions, paid_at: at };
    invoice.period_start = at;
    return invoice;
  };
  const failed = (sub: string, amount: number, email: string, attempt: number) =>
    fake.invoice({ subscription: sub, paymentIntent: `pi_${randomUUID().slice(0, 12)}`, amount, currency: 'EUR', email, attempt, next: now + 3 * DAY });
  const find = async (id: string, query = '') => {
    const res = await t.http.get(`/api/v1/subscriptions?limit=200${query}`).set(board).expect(200);
    return { body: res.body, item: res.body.items.find((s: Obj) => s.id === id) };
  };

  beforeAll(async () => {
    fake = await StripeFake.start();
    t = await createTestApp({ STRIPE_WEBHOOK_SECRET: SECRET, DONATE_URL });
    ds = t.app.get(DataSource);
    board = (await t.userWith('board')).auth;
  });
  afterAll(async () => {
    await t.close();
    await fake.stop();
  });

  it('a monthly subscription that pays is active, with its sponsor, amount, start and last payment', async () => {
    const email = `monthly-${randomUUID()}@example.org`;
    const sub = `sub_${randomUUID().slice(0, 12)}`;
    const session = fake.checkoutSession({ subscription: sub, email, name: 'Monthly Marta', metadata: { fund: 'rsoc' } });
    await send('checkout.session.completed', session, now - 40 * DAY);
    await send('invoice.paid', paid(sub, 1500, email, now - 40 * DAY), now - 40 * DAY);
    await send('invoice.paid', paid(sub, 1500, email, now - 10 * DAY), now - 10 * DAY);
    const { item } = await find(sub);
    expect(item).toMatchObject({
      state: 'active',
      fund: 'rsoc',
      amount: 1500,
      currency: 'EUR',
      interval: 'month',
      intervalCount: 1,
      monthlyAmount: 1500,
      cancelledAt: null,
      recentFailures: [],
      sponsor: { name: 'Monthly Marta', email },
    });
    expect(new Date(item.startedAt).getTime()).toBe((now - 40 * DAY) * 1000);
    expect(new Date(item.lastPaymentAt).getTime()).toBe((now - 10 * DAY) * 1000);
  });

  it('a failed attempt makes it failing until a later payment; failures of the last 30 days are listed', async () => {
    const email = `failing-${randomUUID()}@example.org`;
    const sub = `sub_${randomUUID().slice(0, 12)}`;
    await send('invoice.paid', paid(sub, 1000, email, now - 60 * DAY), now - 60 * DAY);
    const old = failed(sub, 1000, email, 1);
    await send('invoice.payment_failed', old, now - 45 * DAY);
    await send('invoice.paid', paid(sub, 1000, email, now - 44 * DAY), now - 44 * DAY);
    expect((await find(sub)).item).toMatchObject({ state: 'active', recentFailures: [] });
    const first = failed(sub, 1000, email, 1);
    await send('invoice.payment_failed', first, now - 2 * DAY);
    // The same delivery again and Stripe's retry of the same invoice: two attempts, one row each.
    await send('invoice.payment_failed', first, now - 2 * DAY);
    await send('invoice.payment_failed', { ...first, attempt_count: 2 }, now - DAY);
    const { body, item } = await find(sub);
    expect(item.state).toBe('failing');
    expect(item.recentFailures.map((f: Obj) => [f.invoiceId, f.attempt, f.amount, f.currency])).toEqual([
      [first.id, 2, 1000, 'EUR'],
      [first.id, 1, 1000, 'EUR'],
    ]);
    expect(body.recentFailures.filter((f: Obj) => f.subscriptionId === sub)).toHaveLength(2);
    expect((await find(sub, '&state=failing')).item).toBeDefined();
    expect((await find(sub, '&state=active')).item).toBeUndefined();
    // An older failure shows when asked for.
    const since = new Date((now - 50 * DAY) * 1000).toISOString().slice(0, 10);
    expect((await find(sub, `&failedSince=${since}`)).item.recentFailures.map((f: Obj) => f.invoiceId)).toEqual([first.id, first.id, old.id]);
    await send('invoice.paid', paid(sub, 1000, email, now - 3600), now - 3600);
    expect((await find(sub)).item).toMatchObject({ state: 'active' });
    expect((await find(sub)).item.recentFailures).toHaveLength(2);
  });

  it('normalises a yearly or weekly subscription to a monthly amount', async () => {
    const yearly = `sub_${randomUUID().slice(0, 12)}`;
    const weekly = `sub_${randomUUID().slice(0, 12)}`;
    await send(
      'customer.subscription.created',
      subscription(yearly, { amount: 12000, currency: 'EUR', interval: 'year', status: 'active', start: now - 100 * DAY }),
      now - 100 * DAY,
    );
    await send(
      'customer.subscription.created',
      subscription(weekly, { amount: 500, currency: 'USD', interval: 'week', count: 2, status: 'active', start: now - 7 * DAY }),
      now - 7 * DAY,
    );
    expect((await find(yearly)).item).toMatchObject({ amount: 12000, currency: 'EUR', interval: 'year', monthlyAmount: 1000, state: 'active' });
    expect((await find(weekly)).item).toMatchObject({ amount: 500, currency: 'USD', interval: 'week', intervalCount: 2, monthlyAmount: 1083 });
  });

  it('a deleted subscription is cancelled for good, whatever arrives after; its email links to DONATE_URL', async () => {
    const email = `cancel-${randomUUID()}@example.org`;
    const sub = `sub_${randomUUID().slice(0, 12)}`;
    const terms = { amount: 2000, currency: 'EUR', interval: 'month', start: now - 90 * DAY, email };
    await send('customer.subscription.created', subscription(sub, { ...terms, status: 'active' }), now - 90 * DAY);
    await send('invoice.paid', paid(sub, 2000, email, now - 20 * DAY), now - 20 * DAY);
    await send('customer.subscription.updated', subscription(sub, { ...terms, status: 'past_due' }), now - 5 * DAY);
    expect((await find(sub)).item.state).toBe('failing');
    await send('customer.subscription.deleted', subscription(sub, { ...terms, status: 'canceled' }), now - DAY);
    // An update Stripe sent earlier but delivered late does not bring it back.
    await send('customer.subscription.updated', subscription(sub, { ...terms, status: 'active' }), now - 6 * DAY);
    const { item } = await find(sub, '&state=cancelled');
    expect(item).toMatchObject({ state: 'cancelled', stripeStatus: 'canceled', monthlyAmount: 2000 });
    expect(new Date(item.cancelledAt).getTime()).toBe((now - DAY) * 1000);
    const [mail] = await ds.query(`SELECT props FROM email_outbox WHERE dedupe_key = $1`, [`recurring-cancelled:${sub}`]);
    expect(mail.props.donateUrl).toBe(DONATE_URL);
  });

  it('answers 400 naming a bad filter, and only staff may read it', async () => {
    const bad = await t.http.get('/api/v1/subscriptions?state=paused').set(board).expect(400);
    expect(bad.body.details).toEqual([expect.objectContaining({ field: 'state' })]);
    await t.http.get('/api/v1/subscriptions?failedSince=yesterday').set(board).expect(400);
    await t.http.get('/api/v1/subscriptions').expect(401);
    const counts = await ds.query(`SELECT (SELECT count(*)::int FROM stripe_subscriptions) AS subs, (SELECT count(*)::int FROM stripe_subscription_failures) AS failures`);
    process.stdout.write(`subscriptions: ${counts[0].subs} subscriptions from webhook sequences, ${counts[0].failures} failed attempts recorded once each\n`);
  });
});
