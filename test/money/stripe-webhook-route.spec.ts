import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { STRIPE_WEBHOOK_ROUTE } from '../../src/stripe/stripe-webhook.route.js';
import { StripeFake } from '../fakes/stripe-fake.js';
import { listRoutes } from '../setup/routes.js';
import { createTestApp, TestApp } from '../setup/test-app.js';

const SECRET = 'whsec_route_spec_secret';
/** Set per response, not by the route: left out when comparing with a Nest route's headers. */
const PER_RESPONSE = new Set(['date', 'content-length', 'x-request-id', 'connection', 'keep-alive', 'etag']);

/**
 * B2: the Stripe webhook is a route on Fastify itself, not a Nest controller. It must still get
 * everything every route gets (the body guard, the security headers, x-request-id, the request
 * logger) and answer errors with the error shape of every other route.
 */
describe('Stripe webhook route (registered on Fastify directly)', () => {
  let t: TestApp;
  let fake: StripeFake;
  const post = (payload: string, signature: string | null, type = 'application/json') => {
    const req = t.http.post(STRIPE_WEBHOOK_ROUTE.path).set('content-type', type);
    if (signature !== null) req.set('stripe-signature', signature);
    return req.send(payload);
  };
  beforeAll(async () => {
    fake = await StripeFake.start();
    t = await createTestApp({ STRIPE_WEBHOOK_SECRET: SECRET });
  });
  afterAll(async () => {
    await t.close();
    await fake.stop();
  });

  it('is in the route list the authorization matrix (R7) and the bad-input test (R6) walk, open to anyone', () => {
    const found = listRoutes(t.app).filter((r) => r.path === STRIPE_WEBHOOK_ROUTE.path);
    expect(found).toEqual([{ method: 'POST', path: '/api/v1/webhooks/stripe', handler: 'StripeWebhookRoute.receive', access: { public: true } }]);
  });

  it('answers a delivery with the same JSON and headers as a Nest route, then the duplicate as one', async () => {
    const charge = fake.charge({ amount: 2500, currency: 'EUR', fee: 100, email: `route-${randomUUID()}@example.org` });
    const payload = JSON.stringify(fake.event('charge.succeeded', charge));
    const res = await post(payload, StripeFake.sign(payload, SECRET)).expect(200);
    expect(res.body).toEqual({ received: true, duplicate: false, outcome: 'applied' });
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['x-request-id']).toMatch(/\S/);
    const again = await post(payload, StripeFake.sign(payload, SECRET)).expect(200);
    expect(again.body).toEqual({ received: true, duplicate: true, outcome: 'applied' });
    // A Nest route's JSON answer (its own status and body differ): every other header alike.
    const nest = await t.http.get('/health/live');
    const headersOf = (h: Record<string, string>) => Object.fromEntries(Object.entries(h).filter(([k]) => !PER_RESPONSE.has(k)));
    expect(headersOf(res.headers)).toEqual(headersOf(nest.headers));
  });

  it("books a signed event whatever the customer's name holds: a line break or a control character there is not the donor's fault", async () => {
    const email = `multi-line-${randomUUID()}@example.org`;
    const charge = fake.charge({ amount: 1200, currency: 'EUR', fee: 40, email, name: 'Ada\nLovelace\u0007' });
    const payload = JSON.stringify(fake.event('charge.succeeded', charge));
    const res = await post(payload, StripeFake.sign(payload, SECRET)).expect(200);
    expect(res.body).toMatchObject({ received: true, outcome: 'applied' });
    // …stored as one line, as every name in Coffer is.
    const [sponsor] = await t.app.get(DataSource).query(`SELECT name FROM sponsors WHERE email = $1`, [email]);
    expect(sponsor).toEqual({ name: 'Ada Lovelace' });
  });

  it('answers failures in the error shape of every route: bad signature, body guard, content type, size', async () => {
    const payload = JSON.stringify(fake.event('charge.succeeded', fake.charge({ amount: 1000, currency: 'EUR', fee: 30 })));
    const unsigned = await post(payload, null).expect(400);
    expect(unsigned.body).toEqual({ statusCode: 400, error: 'Bad Request', message: expect.stringMatching(/Stripe-Signature/), code: 'stripe_bad_signature' });
    expect(unsigned.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(unsigned.headers['x-request-id']).toMatch(/\S/);
    // The body guard runs before the handler, as for every route: a NUL is named, nothing stored.
    const withNul = JSON.stringify({ id: `evt_nul_${randomUUID()}`, type: 'charge.succeeded', created: 1, data: { object: { id: 'ch_\u0000' } } });
    const guarded = await post(withNul, StripeFake.sign(withNul, SECRET)).expect(400);
    expect(guarded.body).toMatchObject({ statusCode: 400, code: 'invalid_body', details: [{ field: 'data.object.id' }] });
    // Another content type: no raw bytes kept, refused as the controller refused it (checked on its code).
    const text = await post(payload, StripeFake.sign(payload, SECRET), 'text/plain').expect(400);
    expect(text.body).toEqual({ statusCode: 400, error: 'Bad Request', message: 'Webhook signature rejected: empty body', code: 'stripe_bad_signature' });
    const huge = JSON.stringify({ pad: 'x'.repeat(2 * 1024 * 1024) });
    const tooLarge = await post(huge, StripeFake.sign(huge, SECRET)).expect(413);
    expect(tooLarge.body).toMatchObject({ statusCode: 413, message: 'Request body is too large' });
    const [{ n }] = await t.app.get(DataSource).query(`SELECT count(*)::int AS n FROM stripe_events WHERE id LIKE 'evt_nul_%'`);
    expect(n).toBe(0);
  });
});
