import { randomUUID } from 'node:crypto';
import { db } from '../grants/helpers.js';
import { createTestApp, TestApp } from '../setup/test-app.js';
import { csrfIn, signIn, StaffSessionCookie } from './staff-kit.js';

type User = Awaited<ReturnType<TestApp['userWith']>>;

/** Issue 14: the treasurer's donation and sponsor pages (donations received in 2018-05 and 2018-06 only). */
describe('staff money pages: donations and sponsors', () => {
  let t: TestApp;
  let treasurer: User;
  let session: StaffSessionCookie;
  let board: StaffSessionCookie;
  const tag = randomUUID().slice(0, 8);
  const sponsorEmail = `erna-${tag}@example.org`;
  let sponsorId: string;
  let bankId: string;

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '10000' });
    treasurer = await t.userWith('treasurer');
    session = await signIn(t, treasurer.email);
    board = await signIn(t, (await t.userWith('board')).email);
    // Two donations by one sponsor (via the API), in 2018-05 by bank and 2018-06 in crypto.
    const bank = await t.http
      .post('/api/v1/donations')
      .set(treasurer.auth)
      .send({ channel: 'bank', amount: 4200, currency: 'EUR', receivedAt: '2018-05-03', reference: `list-${tag}`, sponsor: { name: `Erna ${tag}`, email: sponsorEmail } })
      .expect(201);
    bankId = bank.body.id;
    sponsorId = bank.body.sponsorId;
    await t.http
      .post('/api/v1/donations')
      .set(treasurer.auth)
      .send({ channel: 'other', amount: 1000, currency: 'EUR', receivedAt: '2018-06-20', sponsorId, reference: `cheque-${tag}` })
      .expect(201);
  });
  afterAll(() => t.close());

  const get = (path: string, who = session) => t.http.get(path).set('Cookie', who.cookie);
  const post = (path: string, form: Record<string, string>, who = session) =>
    t.http
      .post(path)
      .set('Cookie', who.cookie)
      .type('form')
      .send({ _csrf: who.csrf, ...form });
  const count = async () => Number((await db(t).query(`SELECT count(*)::int AS n FROM donations`))[0].n);

  it('lists donations with the API filters (channel, date range), each row linking to its page, in a captioned table', async () => {
    const res = await get('/staff/donations?channel=bank&from=2018-05-01&to=2018-05-31').expect(200);
    expect(res.text).toContain('<caption id="c-donations">');
    expect(res.text).toContain(`href="/staff/donations/${bankId}"`);
    expect(res.text).toContain(`list-${tag}`);
    expect(res.text).not.toContain(`cheque-${tag}`);
    const june = await get('/staff/donations?channel=other&from=2018-06-01&to=2018-06-30').expect(200);
    expect(june.text).toContain(`cheque-${tag}`);
    expect(june.text).not.toContain(`list-${tag}`);
    // The sponsor's donations, both months.
    const mine = await get(`/staff/donations?sponsorId=${sponsorId}`).expect(200);
    expect(mine.text).toContain(`list-${tag}`);
    expect(mine.text).toContain(`cheque-${tag}`);
  });

  it('a filter the API refuses answers 400 naming it, with the filters kept', async () => {
    const res = await get('/staff/donations?channel=carrier-pigeon&from=2018-05-01').expect(400);
    expect(res.text).toContain('Choose a channel from the list');
    expect(res.text).toContain('value="2018-05-01"');
  });

  it('a partial ISO date (2026-06, 2026-W01) in from/to answers 400 naming the field, not 500', async () => {
    const res = await get('/staff/donations?from=2026-06').expect(400);
    expect(res.text).toContain('Enter the first day as a date, like 2026-03-01');
    expect(res.text).toContain('value="2026-06"');
    const to = await get('/staff/donations?to=2026-W01').expect(400);
    expect(to.text).toContain('Enter the last day as a date, like 2026-03-31');
  });

  it('records a bank donation typed in German ("15,50") and answers 303 to its page with a flash', async () => {
    const form = await get('/staff/donations/new?lang=de').expect(200);
    const formKey = /name="formKey" value="([^"]+)"/.exec(form.text)![1];
    const values = {
      formKey,
      channel: 'bank',
      amount: '1.015,50',
      currency: 'EUR',
      receivedAt: '2018-05-14',
      fund: 'general',
      sponsorName: `Hans ${tag}`,
      sponsorEmail: `hans-${tag}@example.org`,
      reference: `SEPA ${tag}`,
      note: '',
    };
    const res = await post('/staff/donations/new', values).set('Cookie', `${session.cookie}; coffer_lang=de`).expect(303);
    const id = res.headers.location.split('/').pop()!;
    expect(res.headers.location).toBe(`/staff/donations/${id}`);
    const [row] = await db(t).query(`SELECT d.amount::int, d.currency, d.channel, d.reference, s.email FROM donations d JOIN sponsors s ON s.id = d.sponsor_id WHERE d.id = $1`, [
      id,
    ]);
    expect(row).toEqual({ amount: 101550, currency: 'EUR', channel: 'bank', reference: `SEPA ${tag}`, email: `hans-${tag}@example.org` });
    const flashCookie = ([] as string[])
      .concat(res.headers['set-cookie'] ?? [])
      .find((c) => c.startsWith('coffer_flash='))!
      .split(';')[0];
    const page = await t.http.get(res.headers.location).set('Cookie', `${session.cookie}; ${flashCookie}; coffer_lang=de`).expect(200);
    expect(page.text).toContain('Die Spende ist erfasst.');
    expect(page.text).toContain('1.015,50');
  });

  it('a second submit of the same form (double click) records nothing new and lands on the same donation', async () => {
    const form = await get('/staff/donations/new').expect(200);
    const formKey = /name="formKey" value="([^"]+)"/.exec(form.text)![1];
    const values = { formKey, channel: 'other', amount: '25', currency: 'EUR', receivedAt: '2018-06-02', fund: 'general', reference: `twice-${tag}` };
    const first = await post('/staff/donations/new', values).expect(303);
    const before = await count();
    const second = await post('/staff/donations/new', values).expect(303);
    expect(second.headers.location).toBe(first.headers.location);
    expect(await count()).toBe(before);
    expect((await db(t).query(`SELECT count(*)::int AS n FROM donations WHERE reference = $1`, [`twice-${tag}`]))[0].n).toBe(1);
  });

  it('bad input answers 400 with the messages next to the fields and the typed values kept, writing nothing', async () => {
    const before = await count();
    const res = await post('/staff/donations/new', {
      formKey: randomUUID(),
      channel: 'stripe',
      amount: '15,5x',
      currency: 'EUR',
      receivedAt: '2018-05-15',
      fund: 'general',
      sponsorName: `Half ${tag}`,
      sponsorEmail: 'not-an-address',
    }).expect(400);
    expect(res.text).toContain('Choose how the money arrived');
    expect(res.text).toContain('Enter the amount as a number');
    expect(res.text).toContain('Enter the sponsor&#x27;s email address');
    expect(res.text).toContain('value="15,5x"');
    expect(res.text).toContain('value="not-an-address"');
    expect(res.text).toContain('href="#f-amount"');
    expect(await count()).toBe(before);
    // A date in the future is the service's refusal, shown the same way.
    const future = await post('/staff/donations/new', { formKey: randomUUID(), channel: 'bank', amount: '10', currency: 'EUR', receivedAt: '2999-01-01', fund: 'general' }).expect(
      400,
    );
    expect(future.text).toContain('cannot be in the future');
    expect(await count()).toBe(before);
  });

  it('shows a donation with its ledger entry and sponsor link, and reverses it with a reason', async () => {
    const page = await get(`/staff/donations/${bankId}`).expect(200);
    expect(page.text).toContain(`href="/staff/sponsors/${sponsorId}"`);
    expect(page.text).toContain('Ledger entries');
    expect(page.text).toMatch(/<code>assets:[a-z:-]+<\/code>/);
    // No reason: 400, nothing reversed.
    const bad = await post(`/staff/donations/${bankId}/reverse`, { reason: '' }).expect(400);
    expect(bad.text).toContain('Enter the reason for the reversal');
    expect((await db(t).query(`SELECT status FROM donations WHERE id = $1`, [bankId]))[0].status).toBe('succeeded');
    const done = await post(`/staff/donations/${bankId}/reverse`, { reason: `Booked twice ${tag}` }).expect(303);
    expect(done.headers.location).toBe(`/staff/donations/${bankId}`);
    const [row] = await db(t).query(`SELECT status, reversal_reason FROM donations WHERE id = $1`, [bankId]);
    expect(row).toEqual({ status: 'reversed', reversal_reason: `Booked twice ${tag}` });
    const after = await get(`/staff/donations/${bankId}`).expect(200);
    expect(after.text).toContain('This donation is reversed');
    expect(after.text).toContain(`Booked twice ${tag}`);
    expect(after.text).not.toContain(`/staff/donations/${bankId}/reverse`);
    // A second reversal is refused (409) with the reason in words.
    const again = await post(`/staff/donations/${bankId}/reverse`, { reason: 'Once more' }).expect(409);
    expect(again.text).toContain('already reversed');
  });

  it('moves a donation to another fund', async () => {
    const funds: { code: string }[] = await db(t).query(`SELECT code FROM funds WHERE active AND code <> 'general' ORDER BY code LIMIT 1`);
    const [{ id }] = await db(t).query(`SELECT id FROM donations WHERE reference = $1`, [`cheque-${tag}`]);
    await post(`/staff/donations/${id}/fund`, { fund: 'no such fund!' }).expect(400);
    await post(`/staff/donations/${id}/fund`, { fund: funds[0].code }).expect(303);
    const [row] = await db(t).query(`SELECT f.code FROM donations d JOIN funds f ON f.id = d.fund_id WHERE d.id = $1`, [id]);
    expect(row.code).toBe(funds[0].code);
  });

  it("a refused move to another fund shows the service's reason by its code (409 for a closed fund, 400 for an unknown one), in the page's language", async () => {
    const [{ id }] = await db(t).query(`SELECT id FROM donations WHERE reference = $1`, [`list-${tag}`]);
    const code = `closed-${tag}`;
    const fund = await t.http
      .post('/api/v1/funds')
      .set(treasurer.auth)
      .send({ code, name: `Closed ${tag}` })
      .expect(201);
    await t.http.patch(`/api/v1/funds/${fund.body.id}`).set(treasurer.auth).send({ active: false }).expect(200);
    const before = await db(t).query(`SELECT fund_id FROM donations WHERE id = $1`, [id]);
    const closed = await post(`/staff/donations/${id}/fund`, { fund: code }).expect(409);
    expect(closed.text).toContain('This fund is closed: choose an open fund.');
    const closedDe = await post(`/staff/donations/${id}/fund`, { fund: code }).set('Cookie', `${session.cookie}; coffer_lang=de`).expect(409);
    expect(closedDe.text).toContain('Dieser Fonds ist geschlossen');
    const unknown = await post(`/staff/donations/${id}/fund`, { fund: `none-${tag}` }).expect(400);
    expect(unknown.text).toContain('There is no such fund');
    expect(await db(t).query(`SELECT fund_id FROM donations WHERE id = $1`, [id])).toEqual(before);
  });

  it('a bad or unknown donation id is a 404 page', async () => {
    const bad = await get('/staff/donations/not-a-uuid').expect(404);
    expect(bad.headers['content-type']).toContain('text/html');
    await get(`/staff/donations/${randomUUID()}`).expect(404);
    await get('/staff/sponsors/not-a-uuid').expect(404);
  });

  it('a POST without the CSRF token is refused with 403 and writes nothing', async () => {
    const before = await count();
    const res = await t.http
      .post('/staff/donations/new')
      .set('Cookie', session.cookie)
      .type('form')
      .send({ channel: 'bank', amount: '10', currency: 'EUR', receivedAt: '2018-05-20', fund: 'general' })
      .expect(403);
    expect(res.text).toContain('<h1');
    expect(await count()).toBe(before);
    await t.http.post(`/staff/sponsors/${sponsorId}/statement/send`).set('Cookie', session.cookie).type('form').send({ year: '2018' }).expect(403);
  });

  it('a board member gets 403 on every one of these pages', async () => {
    for (const path of ['/staff/donations', '/staff/donations/new', `/staff/donations/${bankId}`, '/staff/sponsors', `/staff/sponsors/${sponsorId}`]) {
      await get(path, board).expect(403);
    }
    await post('/staff/donations/new', { channel: 'bank', amount: '10', currency: 'EUR', receivedAt: '2018-05-20' }, board).expect(403);
    await post(`/staff/donations/${bankId}/reverse`, { reason: 'not mine to do' }, board).expect(403);
    // The nav shows the entries to the treasurer only.
    expect((await get('/staff', board).expect(200)).text).not.toContain('href="/staff/donations"');
    expect((await get('/staff').expect(200)).text).toContain('href="/staff/sponsors"');
  });

  it('lists and searches sponsors; the sponsor page shows giving per year and the statement of a chosen year', async () => {
    const list = await get(`/staff/sponsors?q=${encodeURIComponent(`erna-${tag}`)}`).expect(200);
    expect(list.text).toContain(`href="/staff/sponsors/${sponsorId}"`);
    expect(list.text).toContain('<caption id="c-sponsors">');
    const page = await get(`/staff/sponsors/${sponsorId}`).expect(200);
    const api = await t.http.get(`/api/v1/sponsors/${sponsorId}`).set(treasurer.auth).expect(200);
    const y2018 = api.body.giving.byYear.find((r: { year: number }) => r.year === 2018);
    expect(page.text).toMatch(/<th scope="row">2018<\/th><td class="num">€[\d.,]+<\/td><td class="num">\d+<\/td>/);
    expect(page.text).toContain(`<th scope="row">2018</th><td class="num">€${(y2018.amount / 100).toFixed(2)}</td><td class="num">${y2018.donations}</td>`);
    expect(page.text).toContain('Annual statement 2018');
    expect(page.text).toContain(`cheque-${tag}`);
    await get(`/staff/sponsors/${sponsorId}?year=18`).expect(400);
  });

  it('saves the email preferences (303) as the API PATCH does', async () => {
    await post(`/staff/sponsors/${sponsorId}`, { receipts: 'yes', locale: 'de' }).expect(303);
    const [row] = await db(t).query(`SELECT email_receipts, email_updates, locale FROM sponsors WHERE id = $1`, [sponsorId]);
    expect(row).toEqual({ email_receipts: true, email_updates: false, locale: 'de' });
    await post(`/staff/sponsors/${sponsorId}`, { receipts: 'yes', updates: 'yes', locale: 'fr' }).expect(400);
  });

  it('sends the statement: one email queued in email_outbox, a second send queues nothing', async () => {
    const res = await post(`/staff/sponsors/${sponsorId}/statement/send`, { year: '2018' }).expect(303);
    expect(res.headers.location).toBe(`/staff/sponsors/${sponsorId}?year=2018`);
    const rows = await db(t).query(`SELECT template, recipient, status, locale FROM email_outbox WHERE dedupe_key = $1`, [`statement:${sponsorId}:2018`]);
    expect(rows).toEqual([{ template: 'annual-statement', recipient: sponsorEmail, status: 'queued', locale: 'de' }]);
    const again = await post(`/staff/sponsors/${sponsorId}/statement/send`, { year: '2018' }).expect(303);
    expect(([] as string[]).concat(again.headers['set-cookie']).join()).toContain('coffer_flash=statementQueuedBefore');
    expect((await db(t).query(`SELECT count(*)::int AS n FROM email_outbox WHERE dedupe_key = $1`, [`statement:${sponsorId}:2018`]))[0].n).toBe(1);
    await post(`/staff/sponsors/${sponsorId}/statement/send`, { year: 'soon' }).expect(400);
  });

  it('the form carries the CSRF token of the session', async () => {
    const form = await get('/staff/donations/new').expect(200);
    expect(csrfIn(form.text)).toBe(session.csrf);
  });
});
