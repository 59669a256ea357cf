import { createTestApp, TestApp } from '../setup/test-app.js';
import { activeGrant, AWARD, db, EVIDENCE, grantBody, outboxFor, TWO_MILESTONES } from './helpers.js';

type User = Awaited<ReturnType<TestApp['userWith']>>;

describe('grant applications', () => {
  let t: TestApp;
  let board: User;
  let treasurer: User;
  let reviewers: User[];
  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_RATE_LIMIT_PER_MINUTE: '10000', LOGIN_RATE_LIMIT_PER_MINUTE: '1000' });
    board = await t.userWith('board');
    treasurer = await t.userWith('treasurer');
    reviewers = [await t.userWith('board'), await t.userWith('board')];
  });
  afterAll(() => t.close());

  const create = async (overrides: Record<string, unknown> = {}) => {
    const body = grantBody(overrides);
    const res = await t.http.post('/api/v1/grants').set(board.auth).send(body).expect(201);
    return { id: res.body.id as string, email: body.applicant.email, body: res.body };
  };
  const move = (id: string, status: string, extra: Record<string, unknown> = {}) =>
    t.http
      .post(`/api/v1/grants/${id}/status`)
      .set(board.auth)
      .send({ status, ...extra });

  it('creates a drafting grant with the SPEC §12 fields', async () => {
    const { body } = await create({ externalRef: '2025-02-012' });
    expect(body).toMatchObject({ status: 'drafting', funder: 'NLnet', requestedAmount: { amount: 3_000_000, currency: 'EUR' }, awardedAmount: null, externalRef: '2025-02-012' });
    expect(body.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it.each([
    ['a funder name over two lines', { funder: 'Sovereign\nTech Fund' }, 'funder'],
    ['a float amount', { requestedAmount: { amount: 10.5, currency: 'EUR' } }, 'requestedAmount.amount'],
    ['a zero amount', { requestedAmount: { amount: 0, currency: 'EUR' } }, 'requestedAmount.amount'],
    ['an unknown currency', { requestedAmount: { amount: 100, currency: 'EURO' } }, 'requestedAmount.currency'],
    ["'self' without a fund", { funder: 'self' }, 'fund'],
    ['no applicant', { applicant: undefined }, 'applicant'],
    ['no requested amount', { requestedAmount: undefined }, 'requestedAmount'],
    ['a string applicant', { applicant: 'Ada' }, 'applicant'],
    ['an unknown call', { callId: '00000000-0000-4000-8000-000000000000' }, 'callId'],
  ])('refuses %s with 400', async (_, overrides, field) => {
    const res = await t.http.post('/api/v1/grants').set(board.auth).send(grantBody(overrides)).expect(400);
    expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
  });

  // Through the API: a path of moves, and the answer to its last one.
  it.each<[string[], number]>([
    [['submitted'], 200],
    [['withdrawn'], 200],
    [['submitted', 'withdrawn'], 200],
    [['submitted', 'in_review', 'rejected'], 200],
    [['submitted', 'in_review', 'withdrawn'], 200],
    [['in_review'], 409],
    [['selected'], 409],
    [['active'], 409],
    [['completed'], 409],
    [['submitted', 'drafting'], 409],
    [['submitted', 'in_review', 'rejected', 'selected'], 409],
    [['withdrawn', 'submitted'], 409],
  ])('path %j ends with %i', async (path, last) => {
    const { id } = await create();
    for (const [i, status] of path.entries()) {
      const res = await move(id, status).expect(i === path.length - 1 ? last : 200);
      if (res.status === 409) {
        expect(res.body).toMatchObject({ statusCode: 409, code: 'illegal_transition' });
        expect(res.body.message).toMatch(new RegExp(`from ${path[i - 1] ?? 'drafting'} to ${status}`));
      }
    }
  });

  it('selection needs an award in the grant currency; activation needs milestones summing to it exactly', async () => {
    const { id, email } = await create();
    await move(id, 'submitted').expect(200);
    await move(id, 'in_review').expect(200);
    expect((await move(id, 'selected').expect(400)).body.code).toBe('award_required');
    await move(id, 'selected', { awardedAmount: { amount: 2_650_000, currency: 'USD' } }).expect(400);
    await move(id, 'selected', { awardedAmount: AWARD, note: 'Committee liked it a lot (internal)' }).expect(200);

    const none = await move(id, 'active').expect(409);
    expect(none.body.code).toBe('milestones_do_not_sum');
    await t.http.put(`/api/v1/grants/${id}/milestones`).set(board.auth).send([TWO_MILESTONES[0]]).expect(200);
    const short = await move(id, 'active').expect(409);
    expect(short.body.message).toBe('Milestones sum to €15,000.00 but the award is €26,500.00: a difference of missing €11,500.00');
    await t.http
      .put(`/api/v1/grants/${id}/milestones`)
      .set(board.auth)
      .send([...TWO_MILESTONES, { title: 'Extra', amount: 1, dueOn: '2027-07-01' }])
      .expect(200);
    expect((await move(id, 'active').expect(409)).body.message).toMatch(/over by €0\.01/);
    const put = await t.http.put(`/api/v1/grants/${id}/milestones`).set(board.auth).send(TWO_MILESTONES).expect(200);
    expect(put.body.total).toEqual(AWARD);
    const active = await move(id, 'active').expect(200);
    expect(active.body.status).toBe('active');
    expect(active.body.history.map((h: { to: string }) => h.to)).toEqual(['submitted', 'in_review', 'selected', 'active']);

    const mail = await outboxFor(t, email);
    expect(mail.map((r) => r.props.status)).toEqual(['submitted', 'in_review', 'selected', 'active']);
    expect(mail.every((r) => r.template === 'application-status-changed' && r.locale === 'en')).toBe(true);
    expect(mail[2].props.publicStatus).toBe('Your application has been selected for funding.');
    expect(mail[3].props.granteeUrl).toMatch(/^http:\/\/coffer\.test\/grantee\/[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(mail)).not.toContain('internal');
  });

  it.each([
    ['a fractional amount', [{ title: 'x', amount: 1.5, dueOn: '2027-01-01' }], '[0].amount'],
    ['an impossible date', [{ title: 'x', amount: 100, dueOn: '2027-02-30' }], '[0].dueOn'],
    ['an unknown field', [{ title: 'x', amount: 100, dueOn: '2027-01-01', currency: 'EUR' }], '[0].currency'],
    ['not an array', { title: 'x' }, 'body'],
  ])('PUT milestones refuses %s with 400', async (_, body, field) => {
    const { id } = await create();
    const res = await t.http.put(`/api/v1/grants/${id}/milestones`).set(board.auth).send(body).expect(400);
    expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
  });

  it('two activations at once: one wins, the other is a 409', async () => {
    const { id, email } = await create();
    await move(id, 'submitted').expect(200);
    await move(id, 'in_review').expect(200);
    await move(id, 'selected', { awardedAmount: AWARD }).expect(200);
    await t.http.put(`/api/v1/grants/${id}/milestones`).set(board.auth).send(TWO_MILESTONES).expect(200);
    const answers = await Promise.all([move(id, 'active'), move(id, 'active'), move(id, 'active')]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409]);
    expect((await outboxFor(t, email)).filter((r) => r.props.status === 'active')).toHaveLength(1);
  });

  it('amendments after activation are versioned; a milestone with a payment request is frozen', async () => {
    const g = await activeGrant(t, board.auth);
    const [m1, m2] = g.milestoneIds;
    // Dropping a milestone or breaking the sum is refused.
    expect(
      (
        await t.http
          .put(`/api/v1/grants/${g.id}/milestones`)
          .set(board.auth)
          .send([{ id: m1, ...TWO_MILESTONES[0] }])
          .expect(409)
      ).body.code,
    ).toBe('milestone_not_droppable');
    await t.http
      .put(`/api/v1/grants/${g.id}/milestones`)
      .set(board.auth)
      .send([
        { id: m1, ...TWO_MILESTONES[0] },
        { id: m2, ...TWO_MILESTONES[1], amount: 1 },
      ])
      .expect(409);
    // Move money between milestones and push a date: both get a new version, the old ones are kept.
    const amended = await t.http
      .put(`/api/v1/grants/${g.id}/milestones`)
      .set(board.auth)
      .send([
        { id: m1, ...TWO_MILESTONES[0], amount: 1_000_000 },
        { id: m2, ...TWO_MILESTONES[1], amount: 1_650_000, dueOn: '2027-09-30' },
      ])
      .expect(200);
    expect(amended.body.items.map((m: { version: number; amount: number }) => [m.version, m.amount])).toEqual([
      [2, 1_000_000],
      [2, 1_650_000],
    ]);
    const detail = await t.http.get(`/api/v1/milestones/${m2}`).set(treasurer.auth).expect(200);
    expect(detail.body.versions).toEqual([expect.objectContaining({ version: 1, amount: 1_150_000, dueOn: '2027-06-30', replacedBy: board.id })]);

    // m1 through review and payment request; then it cannot change any more.
    await t.http.post(`/api/v1/grantee/${g.token}/milestones/${m1}/submit`).send(EVIDENCE).expect(200);
    const second = await t.userWith('board');
    await t.http.post(`/api/v1/milestones/${m1}/reviews`).set(board.auth).send({ decision: 'approve', conflictOfInterest: false }).expect(201);
    await t.http.post(`/api/v1/milestones/${m1}/reviews`).set(second.auth).send({ decision: 'approve', conflictOfInterest: false }).expect(201);
    await t.http.post(`/api/v1/milestones/${m1}/payment-request`).set(treasurer.auth).expect(200);
    const frozen = await t.http
      .put(`/api/v1/grants/${g.id}/milestones`)
      .set(board.auth)
      .send([
        { id: m1, ...TWO_MILESTONES[0], amount: 900_000 },
        { id: m2, ...TWO_MILESTONES[1], amount: 1_750_000, dueOn: '2027-09-30' },
      ])
      .expect(409);
    expect(frozen.body).toMatchObject({ code: 'milestone_frozen' });
    // An amendment that leaves the frozen one as it is still works.
    await t.http
      .put(`/api/v1/grants/${g.id}/milestones`)
      .set(board.auth)
      .send([
        { id: m1, ...TWO_MILESTONES[0], amount: 1_000_000 },
        { id: m2, ...TWO_MILESTONES[1], amount: 1_650_000, dueOn: '2027-10-31' },
      ])
      .expect(200);
    const versions = await db(t).query(`SELECT version FROM milestone_versions WHERE milestone_id = $1 ORDER BY version`, [m2]);
    expect(versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    await expect(db(t).query(`DELETE FROM milestone_versions WHERE milestone_id = $1`, [m2])).rejects.toThrow(/append-only/);
  });

  it('NLnet payment: request, then the date NLnet paid; no expense is posted; completion needs every milestone paid', async () => {
    const g = await activeGrant(t, board.auth);
    const second = await t.userWith('board');
    const [m1, m2] = g.milestoneIds;
    await t.http.post(`/api/v1/milestones/${m1}/paid`).set(treasurer.auth).send({ paidOn: '2026-01-10' }).expect(409);
    for (const id of [m1, m2]) {
      await t.http.post(`/api/v1/grantee/${g.token}/milestones/${id}/submit`).send(EVIDENCE).expect(200);
      await t.http.post(`/api/v1/milestones/${id}/reviews`).set(board.auth).send({ decision: 'approve', conflictOfInterest: false }).expect(201);
      await t.http.post(`/api/v1/milestones/${id}/reviews`).set(second.auth).send({ decision: 'approve', conflictOfInterest: false }).expect(201);
    }
    await t.http.post(`/api/v1/milestones/${m1}/paid`).set(treasurer.auth).send({ paidOn: '2026-01-10' }).expect(409);
    await t.http.post(`/api/v1/milestones/${m1}/payment-request`).set(board.auth).expect(200);
    await t.http.post(`/api/v1/milestones/${m1}/payment-request`).set(board.auth).expect(409);
    await t.http.post(`/api/v1/milestones/${m1}/paid`).set(board.auth).send({ paidOn: '2026-01-10' }).expect(403);
    await t.http.post(`/api/v1/milestones/${m1}/paid`).set(treasurer.auth).send({ paidOn: '2026-02-30' }).expect(400);
    await t.http.post(`/api/v1/milestones/${m1}/paid`).set(treasurer.auth).send({ paidOn: '2999-01-01' }).expect(400);
    const paid = await t.http.post(`/api/v1/milestones/${m1}/paid`).set(treasurer.auth).send({ paidOn: '2026-01-10' }).expect(200);
    expect(paid.body).toMatchObject({ status: 'paid', paidOn: '2026-01-10' });
    expect(await db(t).query(`SELECT 1 FROM milestone_expenses WHERE grant_id = $1`, [g.id])).toHaveLength(0);
    expect((await move(g.id, 'completed').expect(409)).body.code).toBe('milestones_open');
    await t.http.post(`/api/v1/milestones/${m2}/payment-request`).set(board.auth).expect(200);
    await t.http.post(`/api/v1/milestones/${m2}/paid`).set(treasurer.auth).send({ paidOn: '2026-01-11' }).expect(200);
    await move(g.id, 'completed').expect(200);
  });

  it("'self' stipend: paying a milestone posts the expense from the grant's fund, exactly once, never taking it below zero", async () => {
    // A fresh restricted fund, so what other tests put into rsoc does not matter here.
    const fund = `rsoc-${Date.now().toString(36)}`;
    await t.http.post('/api/v1/funds').set(treasurer.auth).send({ code: fund, name: 'Stipend test fund', restricted: true }).expect(201);
    const g = await activeGrant(t, board.auth, { funder: 'self', fund, title: 'RSoC 2026: USB', applicant: { name: 'Sam Student', email: `sam-${Date.now()}@applicant.test` } });
    const second = await t.userWith('board');
    const [m1] = g.milestoneIds;
    await t.http.post(`/api/v1/grantee/${g.token}/milestones/${m1}/submit`).send(EVIDENCE).expect(200);
    await t.http.post(`/api/v1/milestones/${m1}/reviews`).set(board.auth).send({ decision: 'approve', conflictOfInterest: false }).expect(201);
    await t.http.post(`/api/v1/milestones/${m1}/reviews`).set(second.auth).send({ decision: 'approve', conflictOfInterest: false }).expect(201);
    await t.http.post(`/api/v1/milestones/${m1}/payment-request`).set(treasurer.auth).expect(200);
    // The empty restricted fund cannot pay it (this used to drive rsoc below zero silently).
    const refused = await t.http.post(`/api/v1/milestones/${m1}/paid`).set(treasurer.auth).send({ paidOn: '2026-02-01' }).expect(409);
    expect(refused.body).toMatchObject({ code: 'fund_restricted_shortfall', details: [{ fund, currency: 'EUR', available: '0', shortfall: '1500000' }] });
    await t.http.post('/api/v1/donations').set(treasurer.auth).send({ channel: 'bank', amount: 1_500_000, currency: 'EUR', receivedAt: '2026-01-20', fund }).expect(201);
    const pay = () => t.http.post(`/api/v1/milestones/${m1}/paid`).set(treasurer.auth).set('Idempotency-Key', `pay-${m1}`).send({ paidOn: '2026-02-01' });
    const answers = await Promise.all([pay(), pay()]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    await t.http.post(`/api/v1/milestones/${m1}/paid`).set(treasurer.auth).send({ paidOn: '2026-02-01' }).expect(409);
    const expenses = await db(t).query(
      `SELECT fund, amount::int AS amount, currency, to_char(paid_on, 'YYYY-MM-DD') AS "paidOn", payee FROM milestone_expenses WHERE milestone_id = $1`,
      [m1],
    );
    expect(expenses).toEqual([{ fund, amount: 1_500_000, currency: 'EUR', paidOn: '2026-02-01', payee: 'Sam Student' }]);
    const postings = await db(t).query(
      `SELECT p.account, f.code AS fund, p.currency, p.amount::int AS amount, to_char(e.effective_date, 'YYYY-MM-DD') AS date
       FROM journal_entries e JOIN postings p ON p.entry_id = e.id JOIN funds f ON f.id = p.fund_id
       WHERE e.key = $1 ORDER BY p.amount DESC`,
      [`milestone:${m1}:paid`],
    );
    expect(postings).toEqual([
      { account: 'expenses:stipends', fund, currency: 'EUR', amount: 1_500_000, date: '2026-02-01' },
      { account: 'assets:bank', fund, currency: 'EUR', amount: -1_500_000, date: '2026-02-01' },
    ]);
  });

  // The milestone machine through the API: bring a milestone to a state, then try one action.
  type Action = 'start' | 'submit' | 'approve' | 'changes' | 'request' | 'paid';
  const ACTION_TO: Record<Action, string> = {
    start: 'in_progress',
    submit: 'submitted',
    approve: 'approved',
    changes: 'changes_requested',
    request: 'payment_requested',
    paid: 'paid',
  };
  const PATH: Record<string, Action[]> = {
    planned: [],
    in_progress: ['start'],
    submitted: ['submit'],
    changes_requested: ['submit', 'changes'],
    approved: ['submit', 'approve'],
    payment_requested: ['submit', 'approve', 'request'],
    paid: ['submit', 'approve', 'request', 'paid'],
  };
  it.each<[string, Action, number]>([
    ['planned', 'start', 200],
    ['planned', 'submit', 200],
    ['planned', 'approve', 409],
    ['planned', 'request', 409],
    ['planned', 'paid', 409],
    ['in_progress', 'start', 409],
    ['in_progress', 'submit', 200],
    ['submitted', 'submit', 409],
    ['submitted', 'request', 409],
    ['submitted', 'approve', 201],
    ['submitted', 'changes', 201],
    ['changes_requested', 'submit', 200],
    ['changes_requested', 'approve', 409],
    ['approved', 'submit', 409],
    ['approved', 'approve', 409],
    ['approved', 'paid', 409],
    ['approved', 'request', 200],
    ['payment_requested', 'request', 409],
    ['payment_requested', 'submit', 409],
    ['payment_requested', 'paid', 200],
    ['paid', 'paid', 409],
    ['paid', 'submit', 409],
  ])('milestone %s + %s → %i', async (state, action, expected) => {
    const g = await activeGrant(t, board.auth);
    const id = g.milestoneIds[0];
    const others = reviewers;
    const run = async (a: Action, final = false) => {
      const res = await {
        start: () => t.http.post(`/api/v1/grantee/${g.token}/milestones/${id}/start`),
        submit: () => t.http.post(`/api/v1/grantee/${g.token}/milestones/${id}/submit`).send(EVIDENCE),
        // Two approvals (quorum 2) when setting up; one vote when it is the action under test.
        approve: async () => {
          const first = await t.http.post(`/api/v1/milestones/${id}/reviews`).set(others[0].auth).send({ decision: 'approve', conflictOfInterest: false });
          return final || first.status !== 201
            ? first
            : t.http.post(`/api/v1/milestones/${id}/reviews`).set(others[1].auth).send({ decision: 'approve', conflictOfInterest: false });
        },
        changes: () => t.http.post(`/api/v1/milestones/${id}/reviews`).set(others[0].auth).send({ decision: 'changes_requested', comment: 'more', conflictOfInterest: false }),
        request: () => t.http.post(`/api/v1/milestones/${id}/payment-request`).set(treasurer.auth),
        paid: () => t.http.post(`/api/v1/milestones/${id}/paid`).set(treasurer.auth).send({ paidOn: '2026-01-05' }),
      }[a]();
      return res;
    };
    for (const a of PATH[state]) expect((await run(a)).status).toBeLessThan(300);
    const [before] = await db(t).query(`SELECT status FROM milestones WHERE id = $1`, [id]);
    expect(before.status).toBe(state);
    const res = await run(action, true);
    expect(res.status).toBe(expected);
    const [after] = await db(t).query(`SELECT status FROM milestones WHERE id = $1`, [id]);
    if (expected === 409) {
      expect(after.status).toBe(state);
      expect(res.body.message).toMatch(/from \w+ to \w+|not submitted/);
    } else if (action !== 'approve') {
      expect(after.status).toBe(ACTION_TO[action]);
    }
  });
});
