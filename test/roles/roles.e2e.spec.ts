import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createTestApp, TestApp } from '../setup/test-app.js';

type User = Awaited<ReturnType<TestApp['userWith']>>;
const HOLDER = { name: 'Wren Okafor', email: 'wren@example.org' };

/** Roles, seasons, payments, expenses, restricted funds and transfers through the HTTP API. */
describe('roles, seasons and spending', () => {
  let t: TestApp;
  let treasurer: User;
  let board: User;
  let ds: DataSource;
  const newFund = async (restricted = true) => {
    const code = `f-${randomUUID().slice(0, 8)}`;
    await t.http
      .post('/api/v1/funds')
      .set(treasurer.auth)
      .send({ code, name: `Fund ${code}`, restricted })
      .expect(201);
    return code;
  };
  const donate = (fund: string, amount: number, currency = 'USD', receivedAt = '2026-01-02') =>
    t.http.post('/api/v1/donations').set(treasurer.auth).send({ channel: 'bank', amount, currency, receivedAt, fund }).expect(201);
  const role = async (body: Record<string, unknown> = {}) =>
    (
      await t.http
        .post('/api/v1/roles')
        .set(treasurer.auth)
        .send({ title: 'Build engineer', kind: 'contractor', fund: 'general', currency: 'USD', monthlyCost: 100_000, startsOn: '2026-01-01', ...body })
        .expect(201)
    ).body;
  const pay = (id: string, body: Record<string, unknown>, key = randomUUID()) =>
    t.http.post(`/api/v1/roles/${id}/payments`).set(treasurer.auth).set('Idempotency-Key', key).send(body);

  beforeAll(async () => {
    t = await createTestApp();
    treasurer = await t.userWith('treasurer');
    board = await t.userWith('board');
    ds = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  it('creates a role with the SPEC §12 fields', async () => {
    const r = await role({ status: 'active', holder: HOLDER, public: true, publicDescription: 'Keeps CI green' });
    expect(r).toMatchObject({
      title: 'Build engineer',
      kind: 'contractor',
      status: 'active',
      holder: HOLDER,
      fund: 'general',
      monthlyCost: { amount: 100_000, currency: 'USD' },
      totalStipend: null,
      public: true,
      paid: { amount: 0, currency: 'USD' },
    });
    expect((await t.http.get(`/api/v1/roles/${r.id}`).set(board.auth).expect(200)).body.id).toBe(r.id);
  });

  it.each([
    ['an active role without a holder', { status: 'active' }, 409, 'role_needs_holder'],
    ['a stipend without a season', { kind: 'stipend', monthlyCost: undefined, totalStipend: 100 }, 400, 'role_terms'],
    ['a monthly role without a cost', { monthlyCost: undefined }, 400, 'role_terms'],
    ['a monthly role with a stipend', { totalStipend: 5 }, 400, 'role_terms'],
    ['an end before the start', { endsOn: '2025-12-31' }, 400, 'role_terms'],
    ['an unknown fund', { fund: 'nope' }, 400, 'fund_unknown'],
  ])('refuses %s', async (_name, body, status, code) => {
    const res = await t.http
      .post('/api/v1/roles')
      .set(treasurer.auth)
      .send({ title: 'X', kind: 'staff', fund: 'general', currency: 'EUR', monthlyCost: 100, startsOn: '2026-01-01', ...body })
      .expect(status);
    expect(res.body.code).toBe(code);
  });

  it.each([
    ['a float cost', { monthlyCost: 10.5 }, 'monthlyCost'],
    ['an unknown kind', { kind: 'volunteer' }, 'kind'],
    ['an impossible date', { startsOn: '2026-02-30' }, 'startsOn'],
    ['an unknown currency', { currency: 'EURO' }, 'currency'],
    ['a string holder', { holder: 'Ada' }, 'holder'],
  ])('answers 400 naming the field for %s', async (_name, body, field) => {
    const res = await t.http
      .post('/api/v1/roles')
      .set(treasurer.auth)
      .send({ title: 'X', kind: 'staff', fund: 'general', currency: 'EUR', monthlyCost: 100, startsOn: '2026-01-01', ...body })
      .expect(400);
    expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
  });

  // The status machine through the API: a path of moves and the answer to its last one.
  it.each<[string[], number]>([
    [['hiring'], 200],
    [['active'], 200],
    [['ended'], 200],
    [['hiring', 'planned'], 200],
    [['hiring', 'active'], 200],
    [['hiring', 'active', 'ended'], 200],
    [['active', 'planned'], 409],
    [['active', 'hiring'], 409],
    [['ended', 'active'], 409],
    [['ended', 'planned'], 409],
    [['planned'], 409],
  ])('moves %j: last answer %i', async (path, status) => {
    const r = await role();
    let last = 0;
    for (const to of path) last = (await t.http.post(`/api/v1/roles/${r.id}/status`).set(treasurer.auth).send({ status: to, holder: HOLDER })).status;
    expect(last).toBe(status);
  });

  it('pays on schedule, needs an override beyond it, replays an Idempotency-Key and refuses planned roles and other currencies', async () => {
    const r = await role({ startsOn: '2026-01-15' });
    expect((await pay(r.id, { amount: { amount: 100_000, currency: 'USD' }, paidOn: '2026-01-31' }).expect(409)).body.code).toBe('role_not_payable');
    await t.http.post(`/api/v1/roles/${r.id}/status`).set(treasurer.auth).send({ status: 'active', holder: HOLDER }).expect(200);
    expect((await pay(r.id, { amount: { amount: 100_000, currency: 'EUR' }, paidOn: '2026-01-31' }).expect(400)).body.code).toBe('role_currency');
    const key = randomUUID();
    const first = await pay(r.id, { amount: { amount: 100_000, currency: 'USD' }, paidOn: '2026-01-31', reference: 'Invoice 1' }, key).expect(201);
    expect(first.body).toMatchObject({ roleId: r.id, amount: { amount: 100_000, currency: 'USD' }, paidOn: '2026-01-31', paidFrom: 'assets:bank', reversed: false });
    const replay = await pay(r.id, { amount: { amount: 100_000, currency: 'USD' }, paidOn: '2026-01-31', reference: 'Invoice 1' }, key).expect(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body.id).toBe(first.body.id);
    await pay(r.id, { amount: { amount: 1, currency: 'USD' }, paidOn: '2026-01-31' }, key).expect(409);
    // January is paid in full: one more cent in January needs a reason.
    const beyond = await pay(r.id, { amount: { amount: 1, currency: 'USD' }, paidOn: '2026-01-31' }).expect(409);
    expect(beyond.body).toMatchObject({ code: 'role_payment_beyond_schedule', details: [{ field: 'overrideReason' }] });
    // A blank reason is no reason: refused, nothing paid.
    const paymentsBefore = await ds.query(`SELECT count(*)::int AS n FROM role_payments`);
    for (const blank of [' ', '\n\t ']) {
      const refused = await pay(r.id, { amount: { amount: 99_999_999, currency: 'USD' }, paidOn: '2026-01-31', overrideReason: blank }).expect(400);
      expect(refused.body.details).toEqual([{ field: 'overrideReason', message: 'overrideReason must say why, in 1-2000 characters' }]);
    }
    expect(await ds.query(`SELECT count(*)::int AS n FROM role_payments`)).toEqual(paymentsBefore);
    await pay(r.id, { amount: { amount: 1, currency: 'USD' }, paidOn: '2026-01-31', overrideReason: 'Bank fee passed on' }).expect(201);
    // The override counts towards what was paid: February's full month would overshoot by that cent.
    await pay(r.id, { amount: { amount: 100_000, currency: 'USD' }, paidOn: '2026-02-27' }).expect(409);
    await pay(r.id, { amount: { amount: 99_999, currency: 'USD' }, paidOn: '2026-02-27' }).expect(201);
    const postings = await ds.query(
      `SELECT p.account, f.code AS fund, p.amount::int AS amount FROM postings p JOIN funds f ON f.id = p.fund_id WHERE p.entry_id = $1 ORDER BY p.amount DESC`,
      [first.body.entryId],
    );
    expect(postings).toEqual([
      { account: 'expenses:roles:contractor', fund: 'general', amount: 100_000 },
      { account: 'assets:bank', fund: 'general', amount: -100_000 },
    ]);
    const audit = await t.http
      .get(`/api/v1/audit?entity=role_payment&entityId=${first.body.id}`)
      .set((await t.userWith('admin')).auth)
      .expect(200);
    expect(audit.body.items.map((a: { action: string }) => a.action)).toEqual(['role.payment']);
  });

  it('corrects a payment only by reversal: a mirror entry, once, and the schedule frees up again', async () => {
    const r = await role({ status: 'active', holder: HOLDER });
    const p = (await pay(r.id, { amount: { amount: 100_000, currency: 'USD' }, paidOn: '2026-01-20' }).expect(201)).body;
    const reversed = await t.http.post(`/api/v1/roles/${r.id}/payments/${p.id}/reverse`).set(treasurer.auth).send({ reason: 'Paid to the wrong account' }).expect(200);
    expect(reversed.body).toMatchObject({ reversed: true, reversalReason: 'Paid to the wrong account' });
    await t.http.post(`/api/v1/roles/${r.id}/payments/${p.id}/reverse`).set(treasurer.auth).send({ reason: 'again' }).expect(409);
    const [{ sum }] = await ds.query(`SELECT sum(amount)::int AS sum FROM postings WHERE entry_id = ANY($1)`, [[p.entryId, reversed.body.reversalEntryId]]);
    expect(sum).toBe(0);
    await pay(r.id, { amount: { amount: 100_000, currency: 'USD' }, paidOn: '2026-01-21' }).expect(201);
    expect((await t.http.get(`/api/v1/roles/${r.id}`).set(board.auth).expect(200)).body.paid).toEqual({ amount: 100_000, currency: 'USD' });
  });

  it('refuses payments and expenses dated in a closed month', async () => {
    await t.http.post('/api/v1/periods/2011-03/close').set(treasurer.auth).expect(200);
    const r = await role({ status: 'active', holder: HOLDER, startsOn: '2011-01-01' });
    expect((await pay(r.id, { amount: { amount: 100, currency: 'USD' }, paidOn: '2011-03-10' }).expect(409)).body.code).toBe('period_closed');
    const expense = await t.http
      .post('/api/v1/expenses')
      .set(treasurer.auth)
      .send({ category: 'hosting', payee: 'Host', fund: 'general', amount: { amount: 100, currency: 'EUR' }, spentOn: '2011-03-10' })
      .expect(409);
    expect(expense.body.code).toBe('period_closed');
    expect(await ds.query(`SELECT 1 FROM role_payments WHERE role_id = $1`, [r.id])).toHaveLength(0);
  });

  it('keeps a season within its budget and per-student cap, naming which', async () => {
    const fund = await newFund();
    const season = (
      await t.http
        .post('/api/v1/seasons')
        .set(treasurer.auth)
        .send({ name: `RSoC ${randomUUID().slice(0, 6)}`, fund, budget: { amount: 900_000, currency: 'USD' } })
        .expect(201)
    ).body;
    expect(season).toMatchObject({ status: 'planned', perStudentCap: { amount: 500_000, currency: 'USD' }, committed: { amount: 0, currency: 'USD' } });
    const stipend = (total: number, extra: Record<string, unknown> = {}) =>
      t.http
        .post('/api/v1/roles')
        .set(treasurer.auth)
        .send({ title: 'RSoC student', kind: 'stipend', seasonId: season.id, fund, currency: 'USD', totalStipend: total, startsOn: '2026-06-01', endsOn: '2026-08-31', ...extra });
    const overCap = await stipend(500_001).expect(409);
    expect(overCap.body.code).toBe('stipend_over_cap');
    expect(overCap.body.message).toContain(season.name);
    const first = (await stipend(500_000).expect(201)).body;
    expect(first.schedule).toEqual([
      { dueOn: '2026-06-01', amount: 166_666 },
      { dueOn: '2026-07-01', amount: 166_666 },
      { dueOn: '2026-08-01', amount: 166_668 },
    ]);
    const overBudget = await stipend(400_001).expect(409);
    expect(overBudget.body).toMatchObject({ code: 'season_over_budget', details: [{ season: season.name, budget: '900000', committed: '500000', over: '1' }] });
    await stipend(400_000, {
      schedule: [
        { dueOn: '2026-06-01', amount: 100_000 },
        { dueOn: '2026-08-01', amount: 300_000 },
      ],
    }).expect(201);
    expect((await stipend(1, { schedule: [{ dueOn: '2026-06-01', amount: 2 }] }).expect(400)).body.code).toBe('role_terms');
    expect((await stipend(100, { currency: 'EUR' }).expect(400)).body.code).toBe('season_mismatch');
    // Ending a stipend that was never paid frees its budget.
    await t.http.post(`/api/v1/roles/${first.id}/status`).set(treasurer.auth).send({ status: 'ended' }).expect(200);
    expect((await t.http.get(`/api/v1/seasons/${season.id}`).set(board.auth).expect(200)).body.committed).toEqual({ amount: 400_000, currency: 'USD' });
    await t.http.post(`/api/v1/seasons/${season.id}/status`).set(treasurer.auth).send({ status: 'closed' }).expect(200);
    expect((await stipend(100).expect(409)).body.code).toBe('season_closed');
    expect((await t.http.post(`/api/v1/seasons/${season.id}/status`).set(treasurer.auth).send({ status: 'open' }).expect(409)).body.code).toBe('season_illegal_move');
  });

  it('never takes a restricted fund below zero, until the board transfers money into it', async () => {
    const fund = await newFund();
    await donate(fund, 200_000, 'CHF');
    const season = (
      await t.http
        .post('/api/v1/seasons')
        .set(treasurer.auth)
        .send({ name: `S ${randomUUID().slice(0, 6)}`, fund, budget: { amount: 1_000_000, currency: 'CHF' } })
        .expect(201)
    ).body;
    const student = (
      await t.http
        .post('/api/v1/roles')
        .set(treasurer.auth)
        .send({ title: 'Student', kind: 'stipend', seasonId: season.id, fund, currency: 'CHF', totalStipend: 450_000, startsOn: '2026-01-01', status: 'active', holder: HOLDER })
        .expect(201)
    ).body;
    const refused = await pay(student.id, { amount: { amount: 450_000, currency: 'CHF' }, paidOn: '2026-01-05' }).expect(409);
    expect(refused.body).toMatchObject({ code: 'fund_restricted_shortfall', details: [{ fund, available: '200000', shortfall: '250000', currency: 'CHF' }] });
    expect(refused.body.message).toContain(fund);
    const expense = await t.http
      .post('/api/v1/expenses')
      .set(treasurer.auth)
      .send({ category: 'hardware', payee: 'Shop', fund, amount: { amount: 200_001, currency: 'CHF' }, spentOn: '2026-01-05' })
      .expect(409);
    expect(expense.body.code).toBe('fund_restricted_shortfall');
    // Only the board records transfers; the treasurer may not.
    // The general fund can move only money it holds: a transfer is not a way to create it.
    await donate('general', 250_000, 'CHF');
    const transfer = { from: 'general', to: fund, amount: { amount: 250_000, currency: 'CHF' }, transferredOn: '2026-01-04', reason: 'Board decision: cover the stipend' };
    await t.http.post('/api/v1/funds/transfers').set(treasurer.auth).send(transfer).expect(403);
    const done = await t.http.post('/api/v1/funds/transfers').set(board.auth).set('Idempotency-Key', randomUUID()).send(transfer).expect(201);
    expect(done.body).toMatchObject({ from: 'general', to: fund, amount: { amount: 250_000, currency: 'CHF' } });
    const sides = await ds.query(
      `SELECT p.account, f.code AS fund, p.amount::int AS amount FROM postings p JOIN funds f ON f.id = p.fund_id WHERE p.entry_id = $1 ORDER BY p.amount`,
      [done.body.entryId],
    );
    expect(sides).toEqual([
      { account: 'assets:bank', fund: 'general', amount: -250_000 },
      { account: 'assets:bank', fund, amount: 250_000 },
    ]);
    await pay(student.id, { amount: { amount: 450_000, currency: 'CHF' }, paidOn: '2026-01-05' }).expect(201);
    const view = (await t.http.get(`/api/v1/funds/${fund}`).set(board.auth).expect(200)).body;
    expect(view).toMatchObject({ code: fund, restricted: true, balances: [], baseBalance: 0 });
    // A restricted fund cannot transfer out more than it holds either.
    const out = await t.http
      .post('/api/v1/funds/transfers')
      .set(board.auth)
      .send({ ...transfer, from: fund, to: 'general', amount: { amount: 1, currency: 'CHF' } })
      .expect(409);
    expect(out.body.code).toBe('fund_restricted_shortfall');
    expect(
      (
        await t.http
          .post('/api/v1/funds/transfers')
          .set(board.auth)
          .send({ ...transfer, to: 'general' })
          .expect(400)
      ).body.code,
    ).toBe('fund_transfer_same_fund');
  });

  it('a transfer moves only money the source holds, restricted or not, and is not dated ahead', async () => {
    const plain = await newFund(false);
    const target = await newFund();
    await donate(plain, 1_000, 'CHF');
    const transfer = { from: plain, to: target, amount: { amount: 1_001, currency: 'CHF' }, transferredOn: '2026-01-04', reason: 'Board decision' };
    const entriesBefore = await ds.query(`SELECT count(*)::int AS n FROM journal_entries`);
    const over = await t.http.post('/api/v1/funds/transfers').set(board.auth).send(transfer).expect(409);
    expect(over.body).toMatchObject({ code: 'fund_transfer_shortfall', details: [{ fund: plain }] });
    expect(over.body.message).toContain(`Fund "${plain}" holds`);
    // A currency the fund has never held (no rate to value it in either) is refused the same way.
    const none = await t.http
      .post('/api/v1/funds/transfers')
      .set(board.auth)
      .send({ ...transfer, amount: { amount: 999_999_999_999, currency: 'GBP' } })
      .expect(409);
    expect(none.body.code).toBe('fund_transfer_shortfall');
    const blankReason = await t.http
      .post('/api/v1/funds/transfers')
      .set(board.auth)
      .send({ ...transfer, amount: { amount: 1_000, currency: 'CHF' }, reason: '   ' })
      .expect(400);
    expect(blankReason.body.details).toEqual([{ field: 'reason', message: 'reason must say why, in 1-2000 characters' }]);
    const ahead = await t.http
      .post('/api/v1/funds/transfers')
      .set(board.auth)
      .send({ ...transfer, amount: { amount: 1_000, currency: 'CHF' }, transferredOn: '2099-11-30' })
      .expect(400);
    expect(ahead.body).toMatchObject({ code: 'fund_transfer_in_future', details: [{ field: 'transferredOn', message: 'must not be in the future' }] });
    expect(await ds.query(`SELECT count(*)::int AS n FROM journal_entries`)).toEqual(entriesBefore);
    await t.http
      .post('/api/v1/funds/transfers')
      .set(board.auth)
      .send({ ...transfer, amount: { amount: 1_000, currency: 'CHF' } })
      .expect(201);
    const view = (await t.http.get(`/api/v1/funds/${plain}`).set(board.auth).expect(200)).body;
    expect(view.balances).toEqual([]);
  });

  it('pays only from an asset account the books know: a typo in paidFrom is refused, not opened as a new account', async () => {
    const r = await role({ status: 'active', holder: HOLDER, startsOn: '2026-01-01' });
    const expense = { category: 'hosting', payee: 'Host', fund: 'general', amount: { amount: 100, currency: 'EUR' }, spentOn: '2026-01-20' };
    const entriesBefore = await ds.query(`SELECT count(*)::int AS n FROM journal_entries`);
    for (const res of [
      await t.http
        .post('/api/v1/expenses')
        .set(treasurer.auth)
        .send({ ...expense, paidFrom: 'assets:nonexistent' })
        .expect(400),
      await pay(r.id, { amount: { amount: 100_000, currency: 'USD' }, paidOn: '2026-01-31', paidFrom: 'assets:bnak' }).expect(400),
    ]) {
      expect(res.body).toMatchObject({ code: 'ledger_unknown_account', details: [{ field: 'paidFrom' }] });
      expect(res.body.message).toContain('assets:bank');
    }
    expect(await ds.query(`SELECT count(*)::int AS n FROM journal_entries`)).toEqual(entriesBefore);
    expect(await ds.query(`SELECT count(*)::int AS n FROM postings WHERE account IN ('assets:nonexistent', 'assets:bnak')`)).toEqual([{ n: 0 }]);
    // A channel's holding account is fine, as is any asset account the books already use.
    await t.http
      .post('/api/v1/expenses')
      .set(treasurer.auth)
      .send({ ...expense, paidFrom: 'assets:patreon' })
      .expect(201);
  });

  it('two payments from one restricted fund at once: exactly one fits, the other is refused', async () => {
    const fund = await newFund();
    await donate(fund, 100_000);
    const r = await role({ fund, status: 'active', holder: HOLDER, monthlyCost: 100_000 });
    const answers = await Promise.all([1, 2].map(() => pay(r.id, { amount: { amount: 60_000, currency: 'USD' }, paidOn: '2026-01-10' })));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
    const [{ balance }] = await ds.query(`SELECT sum(p.amount)::int AS balance FROM postings p JOIN funds f ON f.id = p.fund_id WHERE f.code = $1 AND p.account LIKE 'assets:%'`, [
      fund,
    ]);
    expect(balance).toBe(40_000);
  });

  it('races: one Idempotency-Key sent twice at once pays once; two stipends at once cannot both squeeze under a season budget', async () => {
    const r = await role({ status: 'active', holder: HOLDER });
    const key = randomUUID();
    const body = { amount: { amount: 50_000, currency: 'USD' }, paidOn: '2026-01-10' };
    const answers = await Promise.all([pay(r.id, body, key), pay(r.id, body, key)]);
    expect(answers.map((a) => a.status)).toEqual([201, 201]);
    expect(answers[0].body.id).toBe(answers[1].body.id);
    expect(await ds.query(`SELECT 1 FROM role_payments WHERE role_id = $1`, [r.id])).toHaveLength(1);

    const fund = await newFund();
    const season = (
      await t.http
        .post('/api/v1/seasons')
        .set(treasurer.auth)
        .send({ name: `Race ${randomUUID().slice(0, 6)}`, fund, budget: { amount: 500_000, currency: 'USD' } })
        .expect(201)
    ).body;
    const stipend = () =>
      t.http
        .post('/api/v1/roles')
        .set(treasurer.auth)
        .send({ title: 'Student', kind: 'stipend', seasonId: season.id, fund, currency: 'USD', totalStipend: 300_000, startsOn: '2026-06-01' });
    const both = await Promise.all([stipend(), stipend()]);
    expect(both.map((a) => a.status).sort()).toEqual([201, 409]);
    expect((await t.http.get(`/api/v1/seasons/${season.id}`).set(board.auth).expect(200)).body).toMatchObject({ committed: { amount: 300_000 }, students: 1 });
  });

  it('records an expense, answers fund balances per currency and in the base currency, and records rates exactly', async () => {
    const fund = await newFund(false);
    const today = new Date().toISOString().slice(0, 10);
    await donate(fund, 50_000, 'EUR', today);
    await donate(fund, 100_000, 'USD', today);
    const rate = await t.http.post('/api/v1/rates').set(treasurer.auth).send({ date: '2000-01-01', from: 'USD', to: 'EUR', rate: '0.123456789012' }).expect(201);
    expect(rate.body).toEqual({ from: 'USD', to: 'EUR', rate: '0.123456789012', asOf: '2000-01-01' });
    await t.http.post('/api/v1/rates').set(treasurer.auth).send({ date: today, from: 'USD', to: 'EUR', rate: '0.9' }).expect(201);
    for (const [body, field] of [
      [{ date: today, from: 'USD', to: 'EUR', rate: 0.9 }, 'rate'],
      [{ date: today, from: 'USD', to: 'EUR', rate: '0.1234567890123' }, 'rate'],
      [{ date: today, from: 'USD', to: 'EUR', rate: '-1' }, 'rate'],
      [{ date: '2026-13-01', from: 'USD', to: 'EUR', rate: '1' }, 'date'],
      [{ date: today, from: 'USD', to: 'USD', rate: '1' }, 'to'],
    ] as const) {
      const res = await t.http.post('/api/v1/rates').set(treasurer.auth).send(body).expect(400);
      expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    }
    const expense = await t.http
      .post('/api/v1/expenses')
      .set(treasurer.auth)
      .set('Idempotency-Key', randomUUID())
      .send({ category: 'hosting', payee: 'Hetzner', fund, amount: { amount: 8_990, currency: 'EUR' }, spentOn: today, reference: 'R-1', receiptUrl: 'https://example.org/r.pdf' })
      .expect(201);
    expect(expense.body).toMatchObject({ category: 'hosting', fund, amount: { amount: 8_990, currency: 'EUR' }, reversed: false });
    expect(
      (
        await t.http
          .post('/api/v1/expenses')
          .set(treasurer.auth)
          .send({ category: 'roles', payee: 'X', fund, amount: { amount: 1, currency: 'EUR' }, spentOn: today })
          .expect(400)
      ).body.code,
    ).toBe('expense_invalid');
    const view = (await t.http.get(`/api/v1/funds/${fund}`).set(board.auth).expect(200)).body;
    expect(view).toMatchObject({
      code: fund,
      balances: [
        { currency: 'EUR', amount: 41_010 },
        { currency: 'USD', amount: 100_000 },
      ],
      baseCurrency: 'EUR',
      baseBalance: 41_010 + 90_000,
      thisMonth: { baseIncome: 50_000 + 90_000, baseSpending: 8_990 },
      unconverted: [],
    });
    const list = (await t.http.get('/api/v1/funds').set(board.auth).expect(200)).body;
    expect(list.find((f: { code: string }) => f.code === fund).baseBalance).toBe(131_010);
    await t.http.post(`/api/v1/expenses/${expense.body.id}/reverse`).set(treasurer.auth).send({ reason: 'Duplicate invoice' }).expect(200);
    expect((await t.http.get(`/api/v1/funds/${fund}`).set(board.auth).expect(200)).body.baseBalance).toBe(140_000);
    await t.http.get('/api/v1/funds/no-such-fund').set(board.auth).expect(404);
  });
});
