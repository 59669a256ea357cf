import { randomUUID } from 'node:crypto';
import { ConfigService } from '@nestjs/config';
import { DataSource } from 'typeorm';
import { jwtSecret } from '../../src/auth/jwt-secret.js';
import { linkKey, resolveLinkRefs } from '../../src/common/links/link-token.js';
import { DonorLinksService } from '../../src/sponsors/donor-links.service.js';
import { StripeFake } from '../fakes/stripe-fake.js';
import { createTestApp, TestApp } from '../setup/test-app.js';

/** Donors help themselves (issue 12): a signed link to Stripe's customer portal, and erasure on request. */
describe('donor self-service', () => {
  let t: TestApp;
  let fake: StripeFake;
  let ds: DataSource;
  let treasurer: { Authorization: string };

  beforeAll(async () => {
    fake = await StripeFake.start();
    t = await createTestApp({ STRIPE_SECRET_KEY: 'sk_test_donor_portal', STRIPE_API_BASE: fake.url, DONATE_URL: 'https://redox.example/give' });
    ds = t.app.get(DataSource);
    treasurer = (await t.userWith('treasurer')).auth;
  });
  afterAll(async () => {
    await t.close();
    await fake.stop();
  });

  /** A monthly card donor as the webhooks leave one: sponsor, subscription with its customer, a donation. */
  async function monthlyDonor() {
    const email = `monthly-${randomUUID().slice(0, 8)}@example.org`;
    const customer = `cus_${randomUUID().slice(0, 12)}`;
    const sub = `sub_${randomUUID().slice(0, 12)}`;
    const res = await t.http.post('/api/v1/sponsors').set(treasurer).send({ name: 'Monthly Marta', email }).expect(201);
    await ds.query(`INSERT INTO stripe_subscriptions (id, customer_id, sponsor_email) VALUES ($1, $2, $3)`, [sub, customer, email]);
    const donation = await t.http
      .post('/api/v1/donations')
      .set(treasurer)
      .send({ channel: 'other', amount: 1500, currency: 'EUR', receivedAt: '2026-11-01T10:00:00Z', sponsorId: res.body.id, reference: 'monthly' })
      .expect(201);
    await ds.query(`UPDATE donations SET subscription_id = $2, recurring = true WHERE id = $1`, [donation.body.id, sub]);
    return { sponsorId: res.body.id as string, email, customer, donationId: donation.body.id as string };
  }

  const linkFor = async (sponsorId: string) => {
    const ref = await ds.transaction((m) => t.app.get(DonorLinksService).manageRef(m, sponsorId));
    const config = t.app.get(ConfigService);
    return resolveLinkRefs(ref!, '', linkKey(jwtSecret(config.get<string>('JWT_SECRET'), config.getOrThrow<string>('DATA_DIR'))));
  };

  it('the manage link opens a Stripe customer-portal session for exactly that donor (303), created on demand', async () => {
    const donor = await monthlyDonor();
    const path = await linkFor(donor.sponsorId);
    expect(path).toMatch(/^\/api\/v1\/donor\/manage\/[A-Za-z0-9_-]{43}$/);
    const res = await t.http.get(path).expect(303);
    expect(res.headers.location).toMatch(/^https:\/\/billing\.stripe\.com\/p\/session\//);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(fake.portalSessions.at(-1)).toMatchObject({ customer: donor.customer, return_url: 'https://redox.example/give' });
    await t.http.get('/api/v1/donor/manage/not-a-token').expect(404);
    await t.http.get(`/api/v1/donor/manage/${'A'.repeat(43)}`).expect(404);
  });

  it('a sponsor Stripe does not know gets no manage link', async () => {
    const res = await t.http
      .post('/api/v1/sponsors')
      .set(treasurer)
      .send({ name: 'Bank Only', email: `bank-${randomUUID().slice(0, 8)}@example.org` })
      .expect(201);
    expect(await ds.transaction((m) => t.app.get(DonorLinksService).manageRef(m, res.body.id))).toBeUndefined();
  });

  it('erasure anonymises the sponsor, stops their links and mail, and the books keep the amounts', async () => {
    const donor = await monthlyDonor();
    const path = await linkFor(donor.sponsorId);
    const ledgerBefore = await ds.query(`SELECT sum(amount)::text AS s FROM postings p JOIN journal_entries e ON e.id = p.entry_id WHERE e.donation_id = $1`, [donor.donationId]);
    await t.http
      .delete(`/api/v1/sponsors/${donor.sponsorId}`)
      .set((await t.userWith('board')).auth)
      .expect(403);
    const erased = await t.http.delete(`/api/v1/sponsors/${donor.sponsorId}`).set(treasurer).expect(200);
    expect(erased.body).toMatchObject({ id: donor.sponsorId, erasedAt: expect.any(String) });
    const sponsor = await t.http.get(`/api/v1/sponsors/${donor.sponsorId}`).set(treasurer).expect(200);
    expect(sponsor.body).toMatchObject({ name: 'erased', publicName: null, anonymous: true, emailPreferences: { receipts: false, updates: false } });
    expect(JSON.stringify(sponsor.body)).not.toContain(donor.email);
    await t.http.get(path).expect(404);
    const outbox = await ds.query(`SELECT count(*)::int AS n FROM email_outbox WHERE lower(recipient) = lower($1)`, [donor.email]);
    expect(outbox[0].n).toBe(0);
    const donation = await t.http.get(`/api/v1/donations/${donor.donationId}`).set(treasurer).expect(200);
    expect(donation.body).toMatchObject({ amount: 1500, currency: 'EUR', sponsorId: donor.sponsorId });
    const ledgerAfter = await ds.query(`SELECT sum(amount)::text AS s FROM postings p JOIN journal_entries e ON e.id = p.entry_id WHERE e.donation_id = $1`, [donor.donationId]);
    expect(ledgerAfter).toEqual(ledgerBefore);
    // Erasing twice changes nothing and still answers.
    await t.http.delete(`/api/v1/sponsors/${donor.sponsorId}`).set(treasurer).expect(200);
  });
});
