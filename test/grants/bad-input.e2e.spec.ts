import fc from 'fast-check';
import { createTestApp, TestApp } from '../setup/test-app.js';
import { activeGrant, db, grantBody, interestBody } from './helpers.js';

type User = Awaited<ReturnType<TestApp['userWith']>>;

/** R6 for the grants routes: random and hostile bodies get a 4xx, never a 500. */
describe('grants routes under bad input', () => {
  let t: TestApp;
  let board: User;
  let g: Awaited<ReturnType<typeof activeGrant>>;
  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_RATE_LIMIT_PER_MINUTE: '100000' });
    board = await t.userWith('board', 'admin', 'treasurer');
    g = await activeGrant(t, board.auth);
  });
  afterAll(() => t.close());

  const hostile = fc.oneof(
    fc.anything(),
    fc.string({ maxLength: 300 }),
    fc.constantFrom(-1, 0.5, 1e308, Number.MAX_SAFE_INTEGER + 2, '12', null, true, [], {}, '\u0000', 'x'.repeat(20_000), '2026-02-30', 'EURO', '<script>'),
  );
  /** A valid body with one field replaced by something hostile, or a field added. */
  const mutate = (base: Record<string, unknown>) => fc.tuple(fc.constantFrom(...Object.keys(base), 'extra'), hostile).map(([key, value]) => ({ ...base, [key]: value }));

  it.each([
    ['POST /api/v1/interest', () => mutate(interestBody()), (b: unknown) => t.http.post('/api/v1/interest').send(b as object)],
    [
      'POST /api/v1/grants',
      () => mutate(grantBody()),
      (b: unknown) =>
        t.http
          .post('/api/v1/grants')
          .set(board.auth)
          .send(b as object),
    ],
    [
      'POST /api/v1/calls',
      () => mutate({ funder: 'NLnet', programme: 'P', deadline: '2030-01-01T00:00:00Z' }),
      (b: unknown) =>
        t.http
          .post('/api/v1/calls')
          .set(board.auth)
          .send(b as object),
    ],
    [
      'POST /api/v1/grants/:id/status',
      () => mutate({ status: 'completed', awardedAmount: { amount: 1, currency: 'EUR' } }),
      (b: unknown) =>
        t.http
          .post(`/api/v1/grants/${g.id}/status`)
          .set(board.auth)
          .send(b as object),
    ],
    [
      'PUT /api/v1/grants/:id/milestones',
      () => fc.array(mutate({ title: 'M', amount: 1, dueOn: '2030-01-01' }), { maxLength: 3 }),
      (b: unknown) =>
        t.http
          .put(`/api/v1/grants/${g.id}/milestones`)
          .set(board.auth)
          .send(b as object),
    ],
    [
      'POST /api/v1/milestones/:id/reviews',
      () => mutate({ decision: 'approve', conflictOfInterest: 'yes' }),
      (b: unknown) =>
        t.http
          .post(`/api/v1/milestones/${g.milestoneIds[0]}/reviews`)
          .set(board.auth)
          .send(b as object),
    ],
    [
      'POST /api/v1/milestones/:id/paid',
      () => mutate({ paidOn: '2026-02-30' }),
      (b: unknown) =>
        t.http
          .post(`/api/v1/milestones/${g.milestoneIds[0]}/paid`)
          .set(board.auth)
          .send(b as object),
    ],
    [
      'POST /api/v1/grantee/:token/…/submit',
      () => mutate({ evidence: ['http://insecure.example'] }),
      (b: unknown) => t.http.post(`/api/v1/grantee/${g.token}/milestones/${g.milestoneIds[0]}/submit`).send(b as object),
    ],
  ])('%s: 4xx with a message, never a 500', async (route, arb, send) => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(arb(), async (body) => {
        const res = await send(body);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        expect(res.status).toBeLessThan(500);
        if (res.status >= 400) expect(res.body.message).toEqual(expect.any(String));
      }),
      { numRuns: 60 },
    );
    process.stdout.write(`R6 ${route}: 60 hostile bodies → ${[...statuses].map(([s, n]) => `${n}×${s}`).join(', ')}\n`);
  });

  it('nothing half-written: the grant under attack is still active with its two untouched milestones', async () => {
    const [row] = await db(t).query(`SELECT status FROM grants WHERE id = $1`, [g.id]);
    expect(row.status).toBe('active');
    const ms = await db(t).query(`SELECT status, version FROM milestones WHERE grant_id = $1 ORDER BY position`, [g.id]);
    expect(ms).toEqual([
      { status: 'planned', version: 1 },
      { status: 'planned', version: 1 },
    ]);
  });
});
