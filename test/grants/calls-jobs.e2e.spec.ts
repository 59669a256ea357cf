import { CallRemindersService } from '../../src/calls/call-reminders.service.js';
import { GrantJobsService } from '../../src/grants/jobs/grant-jobs.service.js';
import { JobsScheduler } from '../../src/jobs/jobs.scheduler.js';
import { createTestApp, TestApp } from '../setup/test-app.js';
import { activeGrant, interestBody, EVIDENCE, grantBody, outboxFor, tokenOf, uniqueEmail } from './helpers.js';

type User = Awaited<ReturnType<TestApp['userWith']>>;
const DAY = 86_400_000;

describe('calls and their deadline reminders', () => {
  let t: TestApp;
  let board: User;
  beforeAll(async () => {
    t = await createTestApp();
    board = await t.userWith('board');
  });
  afterAll(() => t.close());

  it('stores a call with its deadline as an instant and its time zone', async () => {
    const res = await t.http
      .post('/api/v1/calls')
      .set(board.auth)
      .send({ funder: 'NLnet', programme: 'NGI Zero Commons Fund', deadline: '2026-12-01T12:00:00+01:00', timeZone: 'Europe/Amsterdam', url: 'https://nlnet.nl/commonsfund/' })
      .expect(201);
    expect(res.body).toMatchObject({ deadline: '2026-12-01T11:00:00.000Z', timeZone: 'Europe/Amsterdam', deadlineLocal: expect.stringContaining('(Europe/Amsterdam)') });
    const list = await t.http.get('/api/v1/calls?limit=200').set(board.auth).expect(200);
    expect(list.body.items.map((c: { id: string }) => c.id)).toContain(res.body.id);
  });

  it.each([
    ['a deadline without offset', { deadline: '2026-12-01T12:00:00' }, 'deadline'],
    ['an impossible deadline', { deadline: '2026-02-30T12:00:00Z' }, 'deadline'],
    ['an unknown time zone', { timeZone: 'Europe/Atlantis' }, 'timeZone'],
    ['a missing programme', { programme: undefined }, 'programme'],
    ['a non-http url', { url: 'javascript:alert(1)' }, 'url'],
  ])('refuses %s', async (_, overrides, field) => {
    const body = { funder: 'NLnet', programme: 'NGI Zero Core', deadline: '2026-12-01T12:00:00Z', ...overrides };
    const res = await t.http.post('/api/v1/calls').set(board.auth).send(body).expect(400);
    expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
  });

  it('reminds drafting applicants and the board 14 and 3 days before, each once', async () => {
    const deadline = new Date('2030-06-01T10:00:00Z');
    const call = await t.http
      .post('/api/v1/calls')
      .set(board.auth)
      .send({ funder: 'NLnet', programme: 'NGI Zero Core', deadline: deadline.toISOString(), timeZone: 'Europe/Berlin' })
      .expect(201);
    const drafting = uniqueEmail('drafting');
    const submitted = uniqueEmail('submitted');
    await t.http
      .post('/api/v1/grants')
      .set(board.auth)
      .send(grantBody({ callId: call.body.id, applicant: { name: 'Dora Draft', email: drafting, locale: 'de' } }))
      .expect(201);
    const other = await t.http
      .post('/api/v1/grants')
      .set(board.auth)
      .send(grantBody({ callId: call.body.id, applicant: { name: 'Sid Sent', email: submitted } }))
      .expect(201);
    await t.http.post(`/api/v1/grants/${other.body.id}/status`).set(board.auth).send({ status: 'submitted' }).expect(200);

    const jobs = t.app.get(CallRemindersService);
    const at = (msBefore: number) => jobs.run(new Date(deadline.getTime() - msBefore));
    const ours = async () => (await outboxFor(t, drafting, submitted, board.email)).filter((r) => String(r.dedupeKey).startsWith(`call-reminder:${call.body.id}`));

    await at(20 * DAY);
    expect(await ours()).toHaveLength(0);
    await at(13 * DAY);
    await at(13 * DAY);
    await at(10 * DAY);
    expect((await ours()).map((r) => [r.recipient, r.props.daysLeft])).toEqual(
      expect.arrayContaining([
        [drafting, 13],
        [board.email, 13],
      ]),
    );
    expect(await ours()).toHaveLength(2);
    await at(2.5 * DAY);
    await at(1 * DAY);
    const all = await ours();
    expect(all.map((r) => [r.recipient, r.locale, r.props.daysLeft]).sort()).toEqual(
      [
        [board.email, 'en', 13],
        [board.email, 'en', 3],
        [drafting, 'de', 13],
        [drafting, 'de', 3],
      ].sort(),
    );
    expect(all.find((r) => r.recipient === drafting)?.props).toMatchObject({
      name: 'Dora Draft',
      funder: 'NLnet',
      programme: 'NGI Zero Core',
      deadline: expect.stringContaining('12:00'),
    });
  });
});

describe('grant jobs: review digest, milestone due reminders, one run per period', () => {
  let t: TestApp;
  let other: TestApp;
  let admin: User;
  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_RATE_LIMIT_PER_MINUTE: '10000', LOGIN_RATE_LIMIT_PER_MINUTE: '1000' });
    other = await createTestApp();
    admin = await t.userWith('admin');
  });
  afterAll(async () => {
    await other.close();
    await t.close();
  });

  it('a digest lists the milestones waiting on each board member, once a day', async () => {
    const [b1, b2] = [await t.userWith('board'), await t.userWith('board')];
    const g = await activeGrant(t, admin.auth);
    await t.http.post(`/api/v1/grantee/${g.token}/milestones/${g.milestoneIds[0]}/submit`).send(EVIDENCE).expect(200);
    await t.http.post(`/api/v1/milestones/${g.milestoneIds[0]}/reviews`).set(b1.auth).send({ decision: 'approve', conflictOfInterest: false }).expect(201);
    const jobs = t.app.get(GrantJobsService);
    const now = new Date('2031-01-15T08:00:00Z');
    await jobs.reviewDigest(now);
    await jobs.reviewDigest(now);
    // Other files' submitted milestones may wait on these members too: look at this one only.
    const digests = (await outboxFor(t, b1.email, b2.email)).filter((r) => r.template === 'review-digest');
    expect(digests.filter((d) => d.recipient === b2.email)).toHaveLength(1);
    expect(digests.filter((d) => d.recipient === b1.email).length).toBeLessThanOrEqual(1);
    const listsOurs = (d: (typeof digests)[number]) =>
      (d.props.items as { reviewUrl: string }[]).some((i) => i.reviewUrl === `http://coffer.test/staff/reviews/${g.milestoneIds[0]}`);
    expect(digests.filter(listsOurs).map((d) => d.recipient)).toEqual([b2.email]);
    expect(digests.find(listsOurs)?.props.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ grantTitle: expect.any(String), milestoneTitle: 'Signal delivery in the kernel', submittedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) }),
      ]),
    );
  });

  it('new interest reaches every board member in the next daily digest, once, not one email per form', async () => {
    const board = await t.userWith('board');
    const before = new Date();
    const name = `Digest Applicant ${before.getTime()}`;
    await t.http
      .post('/api/v1/interest')
      .send(interestBody({ name, areas: ['unix-signals'] }))
      .expect(202);
    const jobs = t.app.get(GrantJobsService);
    const now = new Date(Date.now() + 60_000);
    await jobs.reviewDigest(now);
    await jobs.reviewDigest(now);
    const digests = (await outboxFor(t, board.email)).filter((r) => r.template === 'review-digest');
    expect(digests).toHaveLength(1);
    expect(digests[0].props.interests).toEqual(expect.arrayContaining([{ name, areas: 'Unix signals', receivedOn: before.toISOString().slice(0, 10) }]));
    expect(digests[0].props.triageUrl).toBe('http://coffer.test/staff/interest');
    // A day later the same interest is old news.
    await jobs.reviewDigest(new Date(now.getTime() + 2 * 86_400_000));
    const later = (await outboxFor(t, board.email)).filter((r) => r.template === 'review-digest');
    expect(later.slice(1).every((d) => !(d.props.interests as { name: string }[]).some((i) => i.name === name))).toBe(true);
  });

  it('grantees are reminded 7 days before a due date and once it is overdue, each once', async () => {
    const g = await activeGrant(t, admin.auth, { applicant: { name: 'Greta', email: uniqueEmail('greta'), locale: 'de' } });
    const jobs = t.app.get(GrantJobsService);
    const due = async () => (await outboxFor(t, g.email)).filter((r) => r.template === 'milestone-due');
    await jobs.milestoneDue(new Date('2027-03-20T09:00:00Z'));
    expect(await due()).toHaveLength(0);
    await jobs.milestoneDue(new Date('2027-03-25T09:00:00Z'));
    await jobs.milestoneDue(new Date('2027-03-26T09:00:00Z'));
    await jobs.milestoneDue(new Date('2027-04-01T09:00:00Z'));
    await jobs.milestoneDue(new Date('2027-04-02T09:00:00Z'));
    const mail = await due();
    expect(mail.map((r) => [r.locale, r.props.milestoneTitle, r.props.dueOn, r.props.overdue])).toEqual([
      ['de', 'Signal delivery in the kernel', '2027-03-31', false],
      ['de', 'Signal delivery in the kernel', '2027-03-31', true],
    ]);
    await t.http.get(`/api/v1/grantee/${tokenOf(mail[1].props.granteeUrl)}`).expect(200);
    // A submitted milestone is not nagged.
    await t.http.post(`/api/v1/grantee/${g.token}/milestones/${g.milestoneIds[1]}/submit`).send(EVIDENCE).expect(200);
    await jobs.milestoneDue(new Date('2027-07-05T09:00:00Z'));
    expect(await due()).toHaveLength(2);
  });

  it('two instances ticking the same period at once: the job runs once', async () => {
    const now = new Date('2099-01-01T00:30:00Z');
    const results = await Promise.all([
      t.app.get(CallRemindersService).tick(now),
      other.app.get(CallRemindersService).tick(now),
      t.app.get(GrantJobsService).tickReviewDigest(now),
      other.app.get(GrantJobsService).tickReviewDigest(now),
      t.app.get(GrantJobsService).tickMilestoneDue(now),
      other.app.get(GrantJobsService).tickMilestoneDue(now),
    ]);
    const ran = (pair: (number | null)[]) => pair.filter((r) => r !== null).length;
    expect([ran(results.slice(0, 2)), ran(results.slice(2, 4)), ran(results.slice(4, 6))]).toEqual([1, 1, 1]);
    expect(await t.app.get(CallRemindersService).tick(now)).toBeNull();
    expect(await t.app.get(CallRemindersService).tick(new Date(now.getTime() + 3_600_000))).not.toBeNull();
  });

  it('the scheduler only starts with JOBS=on', async () => {
    expect((t.app.get(JobsScheduler) as unknown as { timer?: unknown }).timer).toBeUndefined();
    const on = await createTestApp({ JOBS: 'on', JOBS_INTERVAL_SECONDS: '3600' });
    try {
      expect((on.app.get(JobsScheduler) as unknown as { timer?: unknown }).timer).toBeDefined();
    } finally {
      await on.close();
    }
  });
});
