import { createTestApp, TestApp } from '../setup/test-app.js';
import { activeGrant, db, EVIDENCE, interestBody, outboxFor, tokenOf } from './helpers.js';

type User = Awaited<ReturnType<TestApp['userWith']>>;

/** R7 for links: a token opens exactly one thing, and nothing once expired or revoked. */
describe('applicant and grantee links', () => {
  let t: TestApp;
  let admin: User;
  let a: Awaited<ReturnType<typeof activeGrant>>;
  let b: Awaited<ReturnType<typeof activeGrant>>;
  let interestToken: string;
  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_RATE_LIMIT_PER_MINUTE: '10000', LOGIN_RATE_LIMIT_PER_MINUTE: '1000' });
    admin = await t.userWith('admin');
    a = await activeGrant(t, admin.auth, { abstract: 'A-ABSTRACT' });
    b = await activeGrant(t, admin.auth);
    const body = interestBody();
    await t.http.post('/api/v1/interest').send(body).expect(202);
    interestToken = tokenOf((await outboxFor(t, body.email))[0].props.statusUrl);
  });
  afterAll(() => t.close());

  const tamper = (token: string) => `${token.slice(0, 20)}${token[20] === 'A' ? 'B' : 'A'}${token.slice(21)}`;

  it("a grantee's link shows their grant and milestones, without internal data", async () => {
    const page = await t.http.get(`/api/v1/grantee/${a.token}`).expect(200);
    expect(page.body.grant).toMatchObject({ status: 'active', awardedAmount: { amount: 2_650_000, currency: 'EUR' } });
    expect(page.body.milestones.map((m: { id: string }) => m.id)).toEqual(a.milestoneIds);
    expect(JSON.stringify(page.body)).not.toMatch(/A-ABSTRACT|applicantEmail|history|note/);
  });

  it.each([
    ['submit', (token: string, id: string) => t.http.post(`/api/v1/grantee/${token}/milestones/${id}/submit`).send(EVIDENCE)],
    ['start', (token: string, id: string) => t.http.post(`/api/v1/grantee/${token}/milestones/${id}/start`)],
  ])("applicant A's link cannot %s applicant B's milestone (404), and B's stays untouched", async (_, call) => {
    const res = await call(a.token, b.milestoneIds[0]);
    expect(res.status).toBe(404);
    const [row] = await db(t).query(`SELECT status FROM milestones WHERE id = $1`, [b.milestoneIds[0]]);
    expect(row.status).toBe('planned');
  });

  it.each([
    ['a tampered grantee token', () => `/api/v1/grantee/${tamper(a.token)}`, 404],
    ['a malformed token', () => '/api/v1/grantee/not-a-token', 404],
    ['an interest status token used as a grantee link', () => `/api/v1/grantee/${interestToken}`, 404],
    ['a grantee token used as a status link', () => `/api/v1/interest/status/${a.token}`, 404],
    ['a tampered status token', () => `/api/v1/interest/status/${tamper(interestToken)}`, 404],
  ])('%s opens nothing', async (_, path, status) => {
    await t.http.get(path()).expect(status);
  });

  it('an expired link answers 401 and opens nothing', async () => {
    const g = await activeGrant(t, admin.auth);
    await db(t).query(`UPDATE access_tokens SET expires_at = now() - interval '1 second' WHERE purpose = 'grantee' AND subject_id = $1`, [g.id]);
    const res = await t.http.get(`/api/v1/grantee/${g.token}`).expect(401);
    expect(res.body).toMatchObject({ code: 'link_expired' });
    await t.http.post(`/api/v1/grantee/${g.token}/milestones/${g.milestoneIds[0]}/submit`).send(EVIDENCE).expect(401);
  });

  it('reissuing a grantee link revokes the old ones', async () => {
    const g = await activeGrant(t, admin.auth);
    const board = await t.userWith('board');
    const res = await t.http.post(`/api/v1/grants/${g.id}/grantee-link`).set(board.auth).expect(200);
    expect(res.body.revoked).toBe(1);
    await t.http.get(`/api/v1/grantee/${g.token}`).expect(404);
    await t.http.post(`/api/v1/grantee/${g.token}/milestones/${g.milestoneIds[0]}/submit`).send(EVIDENCE).expect(404);
    await t.http.get(`/api/v1/grantee/${tokenOf(res.body.url)}`).expect(200);
    const treasurer = await t.userWith('treasurer');
    await t.http.post(`/api/v1/grants/${g.id}/grantee-link`).set(treasurer.auth).expect(403);
  });

  it('evidence must be https links', async () => {
    for (const evidence of [['http://example.org/mr/1'], [], ['javascript:alert(1)'], 'https://x.org']) {
      const res = await t.http.post(`/api/v1/grantee/${a.token}/milestones/${a.milestoneIds[1]}/submit`).send({ evidence }).expect(400);
      expect(res.body.details[0].field).toBe('evidence');
    }
  });

  it('a terminated grant still shows its page but takes no submissions', async () => {
    const g = await activeGrant(t, admin.auth);
    await t.http.post(`/api/v1/grants/${g.id}/status`).set(admin.auth).send({ status: 'terminated', note: 'Grantee stopped responding' }).expect(200);
    const page = await t.http.get(`/api/v1/grantee/${g.token}`).expect(200);
    expect(page.body.grant.status).toBe('terminated');
    expect(JSON.stringify(page.body)).not.toContain('stopped responding');
    expect((await t.http.post(`/api/v1/grantee/${g.token}/milestones/${g.milestoneIds[0]}/submit`).send(EVIDENCE).expect(409)).body.code).toBe('grant_not_active');
  });

  it('a grantee can start a planned milestone, not twice', async () => {
    await t.http.post(`/api/v1/grantee/${a.token}/milestones/${a.milestoneIds[1]}/start`).expect(200);
    const again = await t.http.post(`/api/v1/grantee/${a.token}/milestones/${a.milestoneIds[1]}/start`).expect(409);
    expect(again.body.message).toMatch(/from in_progress to in_progress/);
    const res = await t.http.post(`/api/v1/grantee/${a.token}/milestones/${a.milestoneIds[1]}/submit`).send(EVIDENCE).expect(200);
    expect(res.body.status).toBe('submitted');
    await t.http.post(`/api/v1/grantee/${a.token}/milestones/${a.milestoneIds[1]}/submit`).send(EVIDENCE).expect(409);
  });

  it('every grants route refuses anonymous callers', async () => {
    const id = a.id;
    const m = a.milestoneIds[0];
    for (const [method, path] of [
      ['get', '/api/v1/grants'],
      ['get', `/api/v1/grants/${id}`],
      ['post', '/api/v1/grants'],
      ['post', `/api/v1/grants/${id}/status`],
      ['put', `/api/v1/grants/${id}/milestones`],
      ['get', `/api/v1/milestones/${m}`],
      ['post', `/api/v1/milestones/${m}/payment-request`],
      ['post', `/api/v1/milestones/${m}/paid`],
      ['get', '/api/v1/calls'],
      ['post', '/api/v1/calls'],
    ] as const) {
      await t.http[method](path).expect(401);
      await t.http[method](path).set('Authorization', 'Bearer tampered.token.value').expect(401);
    }
  });
});
