/**
 * B2 baseline: bare Fastify + pg doing the minimum a Stripe webhook needs — verify the
 * signature on the raw body with the Stripe SDK, insert the event id ON CONFLICT DO NOTHING,
 * insert the donation, in one transaction. No ledger, no refunds, no payouts, no Nest.
 * Prints `READY {"port":…}`.
 */
import Fastify from 'fastify';
import pg from 'pg';
import Stripe from 'stripe';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_MAX ?? 10) });
const secret = process.env.STRIPE_WEBHOOK_SECRET!;
const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
const [{ id: general }] = (await pool.query(`SELECT id FROM funds WHERE code = 'general'`)).rows;

app.post('/api/v1/webhooks/stripe', async (request, reply) => {
  let event: Stripe.Event;
  try {
    event = Stripe.webhooks.constructEvent(request.body as Buffer, String(request.headers['stripe-signature']), secret);
  } catch {
    return reply.code(400).send({ error: 'bad signature' });
  }
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const inserted = await client.query(
      `INSERT INTO stripe_events (id, type, created_at_stripe, outcome) VALUES ($1, $2, to_timestamp($3), 'applied') ON CONFLICT (id) DO NOTHING RETURNING id`,
      [event.id, event.type, event.created],
    );
    if (inserted.rowCount && event.type.startsWith('charge.') && !event.type.startsWith('charge.dispute')) {
      const charge = event.data.object as Stripe.Charge;
      await client.query(
        `INSERT INTO donations (channel, external_id, amount, currency, received_at, fund_id) VALUES ('stripe', $1, $2, $3, to_timestamp($4), $5)
         ON CONFLICT (channel, external_id) WHERE external_id IS NOT NULL DO NOTHING`,
        [charge.id, charge.amount, charge.currency.toUpperCase(), charge.created, general],
      );
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
  return { received: true };
});

await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`READY ${JSON.stringify({ port: (app.server.address() as { port: number }).port })}\n`);
process.on(
  'SIGTERM',
  () =>
    void app
      .close()
      .then(() => pool.end())
      .then(() => process.exit(0)),
);
