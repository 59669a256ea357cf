/**
 * B1 baseline: bare Fastify + pg answering GET /api/v1/donations with the same SQL and the
 * same JSON as Coffer (it imports the very query builder and row mapper), and nothing else —
 * no auth, no validation, no Nest. Prints `READY {"port":…}`.
 */
import Fastify from 'fastify';
import pg from 'pg';
import { donationFilter } from '../../src/donations/donations.service.js';
import { DONATION_SELECT, toDonation } from '../../src/donations/donation.view.js';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_MAX ?? 10) });
const app = Fastify({ logger: false });

app.get('/api/v1/donations', async (request) => {
  const q = request.query as Record<string, string>;
  const limit = Math.min(Number(q.limit ?? 50), 200);
  const page = Number(q.page ?? 1);
  const { where, params } = donationFilter({});
  const {
    rows: [{ total }],
  } = await pool.query(`SELECT count(*)::int AS total FROM donations d WHERE ${where}`, params);
  const { rows } = await pool.query(`${DONATION_SELECT} WHERE ${where} ORDER BY d.received_at DESC, d.id DESC OFFSET $${params.length + 1} LIMIT $${params.length + 2}`, [
    ...params,
    (page - 1) * limit,
    limit,
  ]);
  return { items: rows.map(toDonation), total, page, limit };
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
