import { DataSource } from 'typeorm';
import { JobsScheduler } from '../../src/jobs/jobs.scheduler.js';
import { StripeSyncJob } from '../../src/stripe/stripe-sync.job.js';
import { StripeFake } from '../fakes/stripe-fake.js';
import { createTestApp, TestApp } from '../setup/test-app.js';

/** The daily Stripe sync as a background job: once per day across instances, skipped without Stripe. */
describe('daily Stripe sync job', () => {
  let fake: StripeFake;
  let a: TestApp;
  let b: TestApp;
  let off: TestApp;
  let ds: DataSource;
  const env = () => ({ STRIPE_SECRET_KEY: 'sk_test_sync_job', STRIPE_API_BASE: fake.url, STRIPE_WEBHOOK_SECRET: 'whsec_sync_job', JOBS: 'off' });
  const claims = async (period: string) => (await ds.query(`SELECT count(*)::int AS n FROM job_runs WHERE job = 'stripe-sync' AND period = $1`, [period]))[0].n;

  beforeAll(async () => {
    fake = await StripeFake.start();
    a = await createTestApp(env());
    b = await createTestApp(env());
    off = await createTestApp({ JOBS: 'off' });
    ds = a.app.get(DataSource);
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await off.close();
    await fake.stop();
  });

  it('two instances ticking at once sync once; the next day syncs again', async () => {
    // A charge whose webhook never came: the sync creates its donation.
    const charge = fake.charge({ amount: 3300, currency: 'EUR', fee: 120 });
    const day = new Date('2031-03-04T02:00:00Z');
    // List calls only: retrieving pending fees of other files' donations is part of every sync too.
    const lists = () => fake.requests.filter((r) => r === 'GET /v1/balance_transactions').length;
    const before = lists();
    const reports = await Promise.all([a.app.get(StripeSyncJob).tick(day), b.app.get(StripeSyncJob).tick(day)]);
    const ran = reports.filter((r) => r !== null);
    expect(ran).toHaveLength(1);
    expect(ran[0].donationsCreated).toBe(1);
    expect(lists() - before).toBe(1);
    expect(await claims('2031-03-04')).toBe(1);
    expect(await ds.query(`SELECT count(*)::int AS n, min(reconciliation_flag) AS flag FROM donations WHERE channel = 'stripe' AND external_id = $1`, [charge.id])).toEqual([
      { n: 1, flag: 'missing_webhook' },
    ]);
    // Later ticks the same day do nothing; the next day runs (and finds nothing new).
    expect(await a.app.get(StripeSyncJob).tick(new Date('2031-03-04T23:00:00Z'))).toBeNull();
    const next = await b.app.get(StripeSyncJob).tick(new Date('2031-03-05T02:00:00Z'));
    expect(next).toMatchObject({ donationsCreated: 0 });
    const [audit] = await ds.query(`SELECT actor_email FROM audit_log WHERE action = 'stripe.sync' ORDER BY seq DESC LIMIT 1`);
    expect(audit.actor_email).toBe('system');
    process.stdout.write(`stripe sync job: 2 instances ticked at once, ${ran.length} sync ran, ${ran[0].donationsCreated} missing donation created; next day ran again\n`);
  });

  it('gives the day back when another sync is running, so a later tick runs it', async () => {
    await ds.query(`UPDATE stripe_sync_state SET running_since = now() WHERE id = 1`);
    expect(await a.app.get(StripeSyncJob).tick(new Date('2031-03-06T02:00:00Z'))).toBeNull();
    expect(await claims('2031-03-06')).toBe(0);
    await ds.query(`UPDATE stripe_sync_state SET running_since = NULL WHERE id = 1`);
    expect(await a.app.get(StripeSyncJob).tick(new Date('2031-03-06T03:00:00Z'))).not.toBeNull();
    expect(await claims('2031-03-06')).toBe(1);
  });

  it('is part of the scheduler tick, and skipped without STRIPE_SECRET_KEY', async () => {
    await a.app.get(JobsScheduler).tick(new Date('2031-03-07T02:00:00Z'));
    expect(await claims('2031-03-07')).toBe(1);
    expect(await off.app.get(StripeSyncJob).tick(new Date('2031-03-08T02:00:00Z'))).toBeNull();
    await off.app.get(JobsScheduler).tick(new Date('2031-03-08T02:00:00Z'));
    expect(await claims('2031-03-08')).toBe(0);
  });
});
