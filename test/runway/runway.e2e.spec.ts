import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { addMonths, lastDayOf } from '../../src/common/util/months.js';
import { TransactionService } from '../../src/database/transaction.service.js';
import { DonationsService } from '../../src/donations/donations.service.js';
import { FundsService } from '../../src/funds/funds.service.js';
import { RunwayAlertService } from '../../src/runway/runway-alert.service.js';
import { createTestApp, TestApp } from '../setup/test-app.js';

type User = Awaited<ReturnType<TestApp['userWith']>>;
const HOLDER = { name: 'Ribbon Hu', email: 'ribbon@example.org' };

describe('runway', () => {
  let t: TestApp;
  let treasurer: User;
  let board: User;
  const today = new Date().toISOString().slice(0, 10);
  const first = today.slice(0, 7);
  beforeAll(async () => {
    t = await createTestApp();
    treasurer = await t.userWith('treasurer');
    board = await t.userWith('board');
  });
  afterAll(() => t.close());

  const donate = (fund: string, amount: number, receivedAt: string) =>
    t.http.post('/api/v1/donations').set(treasurer.auth).send({ channel: 'bank', amount, currency: 'EUR', receivedAt, fund }).expect(201);

  it('projects a fund month by month from its balance, median one-time income and committed roles, naming its sources', async () => {
    const fund = `rw-${randomUUID().slice(0, 8)}`;
    await t.http.post('/api/v1/funds').set(treasurer.auth).send({ code: fund, name: 'Runway test fund', restricted: false }).expect(201);
    // One large gift three months ago and two small ones: the median of six months is 50.00 EUR, not the mean.
    const gift = (await donate(fund, 1_000_000, `${addMonths(first, -3)}-15`)).body;
    await donate(fund, 20_000, `${addMonths(first, -2)}-15`);
    await donate(fund, 10_000, `${addMonths(first, -1)}-15`);
    const active = (
      await t.http
        .post('/api/v1/roles')
        .set(treasurer.auth)
        .send({ title: 'Support', kind: 'staff', fund, currency: 'EUR', monthlyCost: 300_000, startsOn: `${first}-01`, status: 'active', holder: HOLDER })
        .expect(201)
    ).body;
    const planned = (
      await t.http
        .post('/api/v1/roles')
        .set(treasurer.auth)
        .send({ title: 'Kernel developer', kind: 'staff', fund, currency: 'EUR', monthlyCost: 200_000, startsOn: `${addMonths(first, 2)}-01`, status: 'hiring' })
        .expect(201)
    ).body;
    // Paid this month already: the balance drops by it and so does this month's remaining cost.
    await t.http
      .post(`/api/v1/roles/${active.id}/payments`)
      .set(treasurer.auth)
      .send({ amount: { amount: 100_000, currency: 'EUR' }, paidOn: today })
      .expect(201);

    const res = await t.http.get('/api/v1/runway?months=6').set(board.auth).expect(200);
    expect(res.body).toMatchObject({ baseCurrency: 'EUR', asOf: today, months: 6 });
    const f = res.body.funds.find((x: { code: string }) => x.code === fund);
    // 10,300.00 − 1,000.00 paid; +50.00 a month; −3,000.00 (−1,000.00 already paid this month), −5,000.00 from month three.
    expect(f).toMatchObject({ balance: 930_000, recurringMonthly: 0, oneTimeMonthly: 5_000, committedMonthly: 300_000, monthsOfRunway: 2.8, runsOutIn: addMonths(first, 2) });
    expect(f.projection.slice(0, 3)).toEqual([
      { month: first, income: 5_000, committed: 200_000, balance: 735_000 },
      { month: addMonths(first, 1), income: 5_000, committed: 300_000, balance: 440_000 },
      { month: addMonths(first, 2), income: 5_000, committed: 500_000, balance: -55_000 },
    ]);
    expect(f.sources.oneTime.median).toBe(5_000);
    expect(f.sources.oneTime.months.map((m: { donations: number }) => m.donations)).toEqual([0, 0, 0, 1, 1, 1]);
    expect(f.sources.oneTime.months[3].donationIds).toEqual([gift.id]);
    expect(f.sources.roleIds.sort()).toEqual([active.id, planned.id].sort());
    const roles = Object.fromEntries(res.body.roles.map((r: { id: string; fundedThrough: string | null }) => [r.id, r.fundedThrough]));
    expect(roles[active.id]).toBe(lastDayOf(addMonths(first, 1)));
    expect(roles[planned.id]).toBeNull();
    expect(res.body.total.projection).toHaveLength(6);
  });

  it('counts Patreon as recurring (its latest month), not as one-time income', async () => {
    const fund = `rw-${randomUUID().slice(0, 8)}`;
    await t.http.post('/api/v1/funds').set(treasurer.auth).send({ code: fund, name: 'Patreon fund', restricted: false }).expect(201);
    const patreon = (amount: number, receivedAt: string) =>
      t.http.post('/api/v1/donations').set(treasurer.auth).send({ channel: 'patreon', amount, fee: 1_000, currency: 'EUR', receivedAt, fund }).expect(201);
    await patreon(40_000, `${addMonths(first, -2)}-05`);
    const latest = (await patreon(45_000, `${addMonths(first, -1)}-05`)).body;
    const f = (await t.http.get('/api/v1/runway').set(board.auth).expect(200)).body.funds.find((x: { code: string }) => x.code === fund);
    expect(f).toMatchObject({ balance: 83_000, recurringMonthly: 44_000, oneTimeMonthly: 0, committedMonthly: 0, monthsOfRunway: null, runsOutIn: null });
    expect(f.sources.patreon).toEqual({ month: addMonths(first, -1), monthly: 44_000, donationIds: [latest.id] });
    expect(f.projection[0]).toEqual({ month: first, income: 44_000, committed: 0, balance: 127_000 });
  });

  it("counts an active Stripe subscription at its latest payment as recurring; a cancelled one's gifts as one-time", async () => {
    const fund = `rw-${randomUUID().slice(0, 8)}`;
    await t.http.post('/api/v1/funds').set(treasurer.auth).send({ code: fund, name: 'Subscriptions fund', restricted: false }).expect(201);
    const [active, cancelled] = [`sub_${randomUUID().slice(0, 12)}`, `sub_${randomUUID().slice(0, 12)}`];
    // Stripe's webhooks write these rows; a test fixture stands in for them here.
    await t.app.get(DataSource).query(`INSERT INTO stripe_subscriptions (id, status) VALUES ($1, 'active'), ($2, 'canceled')`, [active, cancelled]);
    const fundId = await t.app.get(TransactionService).run((m) => t.app.get(FundsService).idFor(m, fund));
    const card = (subscriptionId: string, amount: bigint, month: string) =>
      t.app.get(TransactionService).run((m) =>
        t.app.get(DonationsService).record(m, {
          channel: 'stripe',
          externalId: `ch_${randomUUID()}`,
          amount,
          fee: 100n,
          currency: 'EUR',
          receivedAt: new Date(`${month}-10T10:00:00Z`),
          fundId,
          recurring: true,
          subscriptionId,
        }),
      );
    await card(active, 2_000n, addMonths(first, -2));
    const latest = await card(active, 2_500n, addMonths(first, -1));
    await card(cancelled, 9_000n, addMonths(first, -1));
    const f = (await t.http.get('/api/v1/runway').set(board.auth).expect(200)).body.funds.find((x: { code: string }) => x.code === fund);
    expect(f.sources.stripeSubscriptions).toEqual([{ id: active, lastDonationId: latest.id, monthly: 2_400 }]);
    expect(f.recurringMonthly).toBe(2_400);
    // The cancelled subscription's payment is one gift among six months: the median stays 0.
    expect(f.sources.oneTime.months.at(-1)).toMatchObject({ amount: 8_900, donations: 1 });
    expect(f.oneTimeMonthly).toBe(0);
  });

  it.each([
    ['months=0', 'months'],
    ['months=121', 'months'],
    ['months=two', 'months'],
  ])('answers 400 for %s', async (query, field) => {
    const res = await t.http.get(`/api/v1/runway?${query}`).set(board.auth).expect(400);
    expect(JSON.stringify(res.body)).toContain(field);
  });
});

/**
 * The alert across instances: two apps on one database, job runs in the same hour and in
 * later hours. The board hears once per crossing below RUNWAY_ALERT_MONTHS, not once per run,
 * and again only after the runway recovered and dropped again.
 */
describe('runway alert', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    a = await createTestApp({ RUNWAY_ALERT_MONTHS: '6' });
    b = await createTestApp({ RUNWAY_ALERT_MONTHS: '6' });
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  it('emails each board member once per crossing across job runs and instances', async () => {
    const treasurer = await a.userWith('treasurer');
    const member = await a.userWith('board');
    const [alertA, alertB] = [a.app.get(RunwayAlertService), b.app.get(RunwayAlertService)];
    const received = async () =>
      (await a.app.get(DataSource).query(`SELECT props, dedupe_key FROM email_outbox WHERE template = 'runway-alert' AND recipient = $1 ORDER BY created_at`, [member.email])) as {
        props: { monthsOfRunway: string; threshold: number; fund: string };
      }[];
    const hour = (h: number) => new Date(Date.UTC(2031, 0, 1, h));
    let runs = 0;
    const bothAt = async (h: number) => {
      runs += 2;
      const [x, y] = await Promise.all([alertA.tick(hour(h)), alertB.tick(hour(h))]);
      // One instance claims the hour; the other finds it taken.
      expect([x, y].filter((q) => q === null)).toHaveLength(1);
    };
    // Whatever other tests left in the general fund: a very large gift makes its runway comfortable.
    await a.http
      .post('/api/v1/donations')
      .set(treasurer.auth)
      .send({ channel: 'bank', amount: 1_000_000_000_000, currency: 'EUR', receivedAt: new Date().toISOString().slice(0, 10), fund: 'general' })
      .expect(201);
    await alertA.check();
    runs++;
    const base = (await received()).length;
    const hugeRole = async () =>
      (
        await a.http
          .post('/api/v1/roles')
          .set(treasurer.auth)
          .send({
            title: `Very expensive ${randomUUID().slice(0, 6)}`,
            kind: 'staff',
            fund: 'general',
            currency: 'EUR',
            monthlyCost: 5_000_000_000_000,
            startsOn: `${new Date().toISOString().slice(0, 7)}-01`,
            status: 'planned',
          })
          .expect(201)
      ).body.id as string;

    // First crossing: several runs on both instances, one email.
    const first = await hugeRole();
    await bothAt(1);
    await bothAt(2);
    await alertB.check();
    runs++;
    expect((await received()).length - base).toBe(1);
    // Recovery is silent and arms the next alert.
    await a.http.post(`/api/v1/roles/${first}/status`).set(treasurer.auth).send({ status: 'ended' }).expect(200);
    await bothAt(3);
    expect((await received()).length - base).toBe(1);
    // Second crossing: one more email, then silence again.
    await hugeRole();
    await bothAt(4);
    await bothAt(5);
    const emails = (await received()).slice(base);
    expect(emails).toHaveLength(2);
    expect(emails[1].props).toMatchObject({ fund: 'General fund', threshold: 6 });
    expect(Number(emails[1].props.monthsOfRunway)).toBeLessThan(6);
    process.stdout.write(`R10 runway alert: 2 instances, ${runs} job runs, 2 crossings, ${emails.length} emails to the board member (once per crossing), 0 duplicates\n`);
  });
});
