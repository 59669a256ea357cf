import { createTestApp, TestApp } from '../setup/test-app.js';
import { db, interestBody, outboxFor, tokenOf, uniqueEmail } from './helpers.js';

describe('interest intake and triage', () => {
  let t: TestApp;
  let board: Awaited<ReturnType<TestApp['userWith']>>;
  let admin: Awaited<ReturnType<TestApp['userWith']>>;
  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_RATE_LIMIT_PER_MINUTE: '1000' });
    board = await t.userWith('board');
    admin = await t.userWith('admin');
  });
  afterAll(() => t.close());

  async function submit(overrides: Record<string, unknown> = {}, lang = 'en') {
    const body = interestBody(overrides);
    const res = await t.http.post('/api/v1/interest').set('Accept-Language', lang).send(body).expect(202);
    const [ack] = await outboxFor(t, body.email);
    return { id: res.body.id as string, email: body.email, token: tokenOf(ack.props.statusUrl) };
  }

  it('lists the priority areas of SPEC §10 publicly', async () => {
    const res = await t.http.get('/api/v1/priority-areas').expect(200);
    // SPEC §10's 28 plus the 12 priorities issue 12 added from the organisation's published list.
    expect(res.body.length).toBe(40);
    expect(res.body).toEqual(
      expect.arrayContaining([
        { code: 'unix-signals', title: 'Unix signals' },
        { code: 'scheduler-eevdf', title: 'Scheduler (EEVDF)' },
      ]),
    );
  });

  it('titles the priority areas in the Accept-Language, honouring q-values, and keeps stored titles the catalogs do not know', async () => {
    const de = await t.http.get('/api/v1/priority-areas').set('Accept-Language', 'de-AT,de;q=0.9,en;q=0.5').expect(200);
    expect(de.body).toEqual(
      expect.arrayContaining([
        { code: 'unix-signals', title: 'Unix-Signale' },
        { code: 'wifi', title: 'WLAN' },
      ]),
    );
    const en = await t.http.get('/api/v1/priority-areas').set('Accept-Language', 'de;q=0.1, en').expect(200);
    expect(en.body).toEqual(expect.arrayContaining([{ code: 'unix-signals', title: 'Unix signals' }]));
    await db(t).query(`INSERT INTO priority_areas (code, title, position) VALUES ('catalog-less', 'Not in any catalog', 999) ON CONFLICT DO NOTHING`);
    try {
      const withNew = await t.http.get('/api/v1/priority-areas').set('Accept-Language', 'de').expect(200);
      expect(withNew.body.at(-1)).toEqual({ code: 'catalog-less', title: 'Not in any catalog' });
    } finally {
      await db(t).query(`DELETE FROM priority_areas WHERE code = 'catalog-less'`);
    }
  });

  it('answers 202 {id}, keeps the locale and emails an acknowledgement with a status link', async () => {
    const body = interestBody();
    const res = await t.http.post('/api/v1/interest').set('Accept-Language', 'de-DE,de;q=0.9,en;q=0.8').send(body).expect(202);
    expect(Object.keys(res.body)).toEqual(['id']);
    const [row] = await db(t).query(`SELECT locale, status, email FROM interests WHERE id = $1`, [res.body.id]);
    expect(row).toEqual({ locale: 'de', status: 'received', email: body.email });
    const mail = await outboxFor(t, body.email);
    expect(mail).toEqual([
      expect.objectContaining({
        template: 'interest-received',
        locale: 'de',
        props: expect.objectContaining({ name: 'Ada Applicant', areas: ['Capability-basierte Sicherheit', 'Unix-Signale'] }),
      }),
    ]);
    expect(mail[0].props.statusUrl).toMatch(/^http:\/\/coffer\.test\/status\/[A-Za-z0-9_-]{43}$/);
    const status = await t.http.get(`/api/v1/interest/status/${tokenOf(mail[0].props.statusUrl)}`).expect(200);
    expect(status.body).toMatchObject({ status: 'received', message: 'Wir haben Ihre Interessenbekundung erhalten.' });
    expect(status.body.areas).toEqual([
      { code: 'capability-security', title: 'Capability-basierte Sicherheit' },
      { code: 'unix-signals', title: 'Unix-Signale' },
    ]);
    expect(JSON.stringify(status.body)).not.toContain(body.email);
  });

  it('only the hash of the status token is stored', async () => {
    const { id, token } = await submit();
    const rows = await db(t).query(`SELECT encode(token_hash, 'hex') AS h FROM access_tokens WHERE subject_id = $1`, [id]);
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(await db(t).query(`SELECT * FROM access_tokens WHERE subject_id = $1`, [id]))).not.toContain(token);
  });

  it('honeypot: a filled website field answers 202 with an id, stores and emails nothing', async () => {
    const body = interestBody({ website: 'http://spam.example' });
    const res = await t.http.post('/api/v1/interest').send(body).expect(202);
    expect(res.body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await db(t).query(`SELECT 1 FROM interests WHERE id = $1 OR email = $2`, [res.body.id, body.email])).toHaveLength(0);
    expect(await outboxFor(t, body.email)).toHaveLength(0);
  });

  it.each([
    ['no consent', { consent: false }, 'consent'],
    ['unknown field', { salary: 1 }, 'salary'],
    ['bad email', { email: 'not-an-email' }, 'email'],
    ['empty areas', { areas: [] }, 'areas'],
    ['unknown area', { areas: ['teleportation'] }, 'areas'],
    ['ftp link', { links: ['ftp://x.org/cv'] }, 'links'],
    ['huge summary', { summary: 'x'.repeat(5001) }, 'summary'],
    ['control characters', { name: 'Ada\u0000Lovelace' }, 'name'],
    ['negative budget', { expectedBudget: { amount: -5, currency: 'EUR' } }, 'expectedBudget.amount'],
    ['fractional budget', { expectedBudget: { amount: 10.5, currency: 'EUR' } }, 'expectedBudget.amount'],
    ['unknown currency', { expectedBudget: { amount: 10, currency: 'XXY' } }, 'expectedBudget.currency'],
  ])('refuses %s with a 400 naming the field, writing nothing', async (_, overrides, field) => {
    const body = interestBody(overrides);
    const res = await t.http.post('/api/v1/interest').send(body).expect(400);
    expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    if (typeof body.email === 'string') expect(await outboxFor(t, body.email)).toHaveLength(0);
  });

  it('refuses a body over 32 KB with 413', async () => {
    const res = await t.http
      .post('/api/v1/interest')
      .send(interestBody({ availability: 'x'.repeat(40_000) }))
      .expect(413);
    expect(res.body.message).toMatch(/too large/);
  });

  it.each([
    [['reviewing'], 200],
    [['declined'], 200],
    [['reviewing', 'shortlisted', 'invited'], 200],
    [['invited'], 409],
    [['shortlisted'], 409],
    [['reviewing', 'received'], 409],
    [['declined', 'reviewing'], 409],
  ] as const)('triage path %j ends with %i', async (path, last) => {
    const { id } = await submit();
    for (const [i, status] of path.entries()) {
      const res = await t.http
        .post(`/api/v1/interest/${id}/status`)
        .set(board.auth)
        .send({ status })
        .expect(i === path.length - 1 ? last : 200);
      if (res.status === 409) expect(res.body.message).toMatch(new RegExp(`from \\w+ to ${status}`));
    }
  });

  it('emails only changes the applicant can see, in public wording; notes never leak', async () => {
    const { id, email, token } = await submit({}, 'en');
    await t.http.post(`/api/v1/interest/${id}/notes`).set(board.auth).send({ body: 'SECRET: strong candidate, ask Jeremy' }).expect(201);
    await t.http.post(`/api/v1/interest/${id}/status`).set(board.auth).send({ status: 'reviewing', note: 'INTERNAL-NOTE-2' }).expect(200);
    await t.http.post(`/api/v1/interest/${id}/status`).set(board.auth).send({ status: 'shortlisted' }).expect(200);
    const status = await t.http.get(`/api/v1/interest/status/${token}`).expect(200);
    expect(status.body.status).toBe('under_review');
    await t.http.post(`/api/v1/interest/${id}/status`).set(board.auth).send({ status: 'invited' }).expect(200);

    const mail = await outboxFor(t, email);
    expect(mail.map((r) => [r.template, r.props.status])).toEqual([
      ['interest-received', undefined],
      ['interest-status-changed', 'under_review'],
      ['interest-status-changed', 'invited'],
    ]);
    const everything = JSON.stringify([mail, status.body, (await t.http.get(`/api/v1/interest/status/${token}`)).body]);
    expect(everything).not.toMatch(/SECRET|INTERNAL-NOTE|shortlist/i);

    const staff = await t.http.get(`/api/v1/interest/${id}`).set(board.auth).expect(200);
    expect(staff.body.notes.map((n: { body: string }) => n.body)).toEqual(['SECRET: strong candidate, ask Jeremy', 'INTERNAL-NOTE-2']);
    const audit = await t.http.get(`/api/v1/audit?entity=interest&entityId=${id}`).set(admin.auth).expect(200);
    expect(JSON.stringify(audit.body)).not.toContain('SECRET');
  });

  it('lists and filters for the board; refuses anonymous and treasurer', async () => {
    const { id } = await submit({ areas: ['wifi'] });
    const res = await t.http.get('/api/v1/interest?area=wifi&status=received&limit=200').set(board.auth).expect(200);
    expect(res.body.items.map((i: { id: string }) => i.id)).toContain(id);
    await t.http.get('/api/v1/interest').expect(401);
    const treasurer = await t.userWith('treasurer');
    await t.http.get('/api/v1/interest').set(treasurer.auth).expect(403);
  });

  it('erasure anonymises personal data, keeps areas and status, and kills the status link', async () => {
    const { id, email, token } = await submit({ areas: ['usb', 'i2c'] });
    await t.http.post(`/api/v1/interest/${id}/notes`).set(board.auth).send({ body: 'Talked to Ada on Matrix' }).expect(201);
    await t.http.post(`/api/v1/interest/${id}/status`).set(board.auth).send({ status: 'reviewing' }).expect(200);
    await t.http.delete(`/api/v1/interest/${id}`).set(board.auth).expect(403);
    const res = await t.http.delete(`/api/v1/interest/${id}`).set(admin.auth).expect(200);
    expect(res.body.erasedAt).toBeTruthy();

    const [row] = await db(t).query(`SELECT name, email, links, summary, availability, status, expected_budget_amount::int AS budget FROM interests WHERE id = $1`, [id]);
    expect(row).toEqual({ name: 'erased', email: null, links: [], summary: '', availability: null, status: 'reviewing', budget: 2_650_000 });
    const areas = await db(t).query(`SELECT area_code FROM interest_areas WHERE interest_id = $1 ORDER BY area_code`, [id]);
    expect(areas.map((a: { area_code: string }) => a.area_code)).toEqual(['i2c', 'usb']);
    const staff = await t.http.get(`/api/v1/interest/${id}`).set(admin.auth).expect(200);
    expect(JSON.stringify(staff.body)).not.toMatch(new RegExp(`${email}|Ada|Matrix|github`));
    await t.http.get(`/api/v1/interest/status/${token}`).expect(404);
    await t.http.post(`/api/v1/interest/${id}/status`).set(board.auth).send({ status: 'declined' }).expect(409);
    await t.http.delete(`/api/v1/interest/${id}`).set(admin.auth).expect(200);
  });

  it('an unknown interest is a 404, a malformed id a 400', async () => {
    await t.http.get('/api/v1/interest/00000000-0000-4000-8000-000000000000').set(board.auth).expect(404);
    await t.http.get('/api/v1/interest/nope').set(board.auth).expect(400);
  });

  it('an applicant email is stored lower-case', async () => {
    const email = uniqueEmail('MiXeD').replace('mixed', 'MiXeD');
    const res = await t.http.post('/api/v1/interest').send(interestBody({ email })).expect(202);
    const [row] = await db(t).query(`SELECT email FROM interests WHERE id = $1`, [res.body.id]);
    expect(row.email).toBe(email.toLowerCase());
  });
});

describe('interest form rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_RATE_LIMIT_PER_MINUTE: '3' });
  });
  afterAll(() => t.close());

  it('answers 429 past the public limit', async () => {
    for (let i = 0; i < 3; i++)
      await t.http
        .post('/api/v1/interest')
        .send(interestBody({ website: 'bot' }))
        .expect(202);
    await t.http.post('/api/v1/interest').send(interestBody()).expect(429);
  });
});
