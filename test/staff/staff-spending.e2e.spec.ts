import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { formatMoney } from '../../src/common/money/money.js';
import { createTestApp, TestApp } from '../setup/test-app.js';
import { csrfIn, signIn, StaffSessionCookie } from './staff-kit.js';

type User = Awaited<ReturnType<TestApp['userWith']>>;
const HOLDER = { name: 'Ilse Kramer', email: 'ilse.kramer@example.org' };
/** The test database is shared: this run's own receipt number. */
const REF = `R20170403-${randomUUID().slice(0, 6)}`;

/**
 * The staff pages for the treasurer and the board (issue 14): funds, runway, roles and
 * expenses, on the API's services and DTOs. Payments and expenses are dated 2017-03 / 2017-04.
 */
describe('staff pages: funds, runway, roles, expenses', () => {
  let t: TestApp;
  let ds: DataSource;
  let admin: User;
  let treasurer: User;
  let board: User;
  const sessions: Record<'admin' | 'treasurer' | 'board', StaffSessionCookie> = {} as never;
  let fund: string;
  let restrictedFund: string;
  let roleId: string;

  const newFund = async (restricted: boolean) => {
    const code = `sp-${randomUUID().slice(0, 8)}`;
    await t.http
      .post('/api/v1/funds')
      .set(treasurer.auth)
      .send({ code, name: `Spending ${code}`, restricted })
      .expect(201);
    return code;
  };
  const newRole = async (body: Record<string, unknown> = {}) =>
    (
      await t.http
        .post('/api/v1/roles')
        .set(treasurer.auth)
        .send({ title: `Kernel work ${randomUUID().slice(0, 6)}`, kind: 'contractor', fund, currency: 'EUR', monthlyCost: 150_000, startsOn: '2017-03-01', ...body })
        .expect(201)
    ).body as { id: string };
  const get = (who: keyof typeof sessions, path: string, lang = 'en') => t.http.get(path).set('Cookie', `${sessions[who].cookie}; coffer_lang=${lang}`);
  const post = (who: keyof typeof sessions, path: string, form: Record<string, string>, lang = 'en') =>
    t.http
      .post(path)
      .set('Cookie', `${sessions[who].cookie}; coffer_lang=${lang}`)
      .type('form')
      .send({ _csrf: sessions[who].csrf, ...form });
  const count = async (table: string) => (await ds.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;
  const postingsOf = (entryId: string) =>
    ds.query(
      `SELECT p.account, f.code AS fund, p.amount::int AS amount, p.currency::text AS currency FROM postings p JOIN funds f ON f.id = p.fund_id WHERE p.entry_id = $1 ORDER BY p.amount DESC`,
      [entryId],
    );
  const mainText = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000' });
    ds = t.app.get(DataSource);
    admin = await t.userWith('admin');
    treasurer = await t.userWith('treasurer');
    board = await t.userWith('board');
    sessions.admin = await signIn(t, admin.email);
    sessions.treasurer = await signIn(t, treasurer.email);
    sessions.board = await signIn(t, board.email);
    fund = await newFund(false);
    restrictedFund = await newFund(true);
    roleId = (await newRole({ status: 'active', holder: HOLDER })).id;
  }, 60_000);
  afterAll(() => t.close());

  it('opens every page to admin, treasurer and board, with the four entries in their navigation', async () => {
    const pages = ['/staff/funds', '/staff/runway', '/staff/roles', `/staff/roles/${roleId}`, '/staff/expenses'];
    for (const who of ['admin', 'treasurer', 'board'] as const) {
      const home = await get(who, '/staff').expect(200);
      for (const href of ['/staff/funds', '/staff/runway', '/staff/roles', '/staff/expenses']) expect(home.text).toContain(`href="${href}"`);
      for (const path of pages) {
        const res = await get(who, path).expect(200);
        expect(res.headers['cache-control']).toBe('no-store');
        expect(res.text).toMatch(/<h1>[^<]+<\/h1>/);
        expect(res.text).toContain('<caption');
      }
    }
    const funds = await get('board', '/staff/funds').expect(200);
    expect(funds.text).toContain(`Spending ${fund}`);
    expect(mainText(funds.text)).toContain(`Spending ${restrictedFund} ${restrictedFund} restricted €0.00 €0.00 €0.00`);
    const de = await get('treasurer', '/staff/roles', 'de').expect(200);
    expect(de.text).toContain('<h1>Stellen</h1>');
    expect(de.text).toContain('Saisons');
  });

  it('shows the write forms only to the roles the API lets write', async () => {
    const boardRole = await get('board', `/staff/roles/${roleId}`).expect(200);
    expect(boardRole.text).not.toContain(`action="/staff/roles/${roleId}/payments"`);
    expect(boardRole.text).toContain('you can read everything here');
    const treasurerRole = await get('treasurer', `/staff/roles/${roleId}`).expect(200);
    expect(treasurerRole.text).toContain(`action="/staff/roles/${roleId}/payments"`);
    expect(treasurerRole.text).toContain(`action="/staff/roles/${roleId}/status"`);
    expect((await get('board', '/staff/expenses').expect(200)).text).not.toContain('action="/staff/expenses"');
    expect((await get('treasurer', '/staff/expenses').expect(200)).text).toContain('action="/staff/expenses"');
    // Funds: the treasurer creates funds, the board moves money between them (as in the API).
    const tFunds = (await get('treasurer', '/staff/funds').expect(200)).text;
    expect(tFunds).toContain('action="/staff/funds"');
    expect(tFunds).not.toContain('action="/staff/funds/transfers"');
    const bFunds = (await get('board', '/staff/funds').expect(200)).text;
    expect(bFunds).toContain('action="/staff/funds/transfers"');
    expect(bFunds).not.toContain('action="/staff/funds"');
  });

  it('answers 403 to the wrong role and writes nothing (the board cannot pay a role or record an expense)', async () => {
    const before = [await count('role_payments'), await count('expenses'), await count('postings')];
    const payment = await post('board', `/staff/roles/${roleId}/payments`, { amount: '100,00', paidOn: '2017-03-10' }).expect(403);
    expect(payment.text).toContain('Not open to your role');
    await post('board', `/staff/roles/${roleId}/status`, { status: 'ended' }).expect(403);
    await post('board', '/staff/expenses', { category: 'hosting', payee: 'Nope', fund, currency: 'EUR', amount: '1', spentOn: '2017-03-10' }).expect(403);
    await post('treasurer', '/staff/funds/transfers', { from: fund, to: restrictedFund, currency: 'EUR', amount: '1', transferredOn: '2017-03-10', reason: 'x' }).expect(403);
    await post('board', '/staff/funds', { code: `sp-${randomUUID().slice(0, 8)}`, name: 'Nope' }).expect(403);
    expect([await count('role_payments'), await count('expenses'), await count('postings')]).toEqual(before);
  });

  it('refuses a form without the CSRF token with 403 and writes nothing', async () => {
    const before = [await count('role_payments'), await count('expenses')];
    const res = await t.http
      .post(`/staff/roles/${roleId}/payments`)
      .set('Cookie', sessions.treasurer.cookie)
      .type('form')
      .send({ amount: '100,00', paidOn: '2017-03-10' })
      .expect(403);
    expect(res.text).toContain('The form has expired');
    await t.http
      .post('/staff/expenses')
      .set('Cookie', sessions.treasurer.cookie)
      .type('form')
      .send({ _csrf: 'not-the-token', category: 'hosting', payee: 'X', fund, currency: 'EUR', amount: '1', spentOn: '2017-03-10' })
      .expect(403);
    expect([await count('role_payments'), await count('expenses')]).toEqual(before);
  });

  it('records a role payment typed the German way ("1.234,50") as exactly one balanced entry', async () => {
    const before = await count('postings');
    const res = await post('treasurer', `/staff/roles/${roleId}/payments`, { amount: '1.234,50', paidOn: '2017-03-28', reference: 'Rechnung 2017-03', note: '' }, 'de').expect(303);
    expect(res.headers.location).toBe(`/staff/roles/${roleId}`);
    const [payment] = await ds.query(
      `SELECT amount::int AS amount, currency::text AS currency, to_char(paid_on, 'YYYY-MM-DD') AS "paidOn", reference, note, entry_id AS "entryId" FROM role_payments WHERE role_id = $1`,
      [roleId],
    );
    expect(payment).toMatchObject({ amount: 123_450, currency: 'EUR', paidOn: '2017-03-28', reference: 'Rechnung 2017-03', note: null });
    expect(await postingsOf(payment.entryId)).toEqual([
      { account: 'expenses:roles:contractor', fund, amount: 123_450, currency: 'EUR' },
      { account: 'assets:bank', fund, amount: -123_450, currency: 'EUR' },
    ]);
    expect(await count('postings')).toBe(before + 2);
    // The flash shows once, in German, on the page the POST redirected to.
    const flash = (res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('coffer_flash='))!.split(';')[0];
    const page = await t.http.get(`/staff/roles/${roleId}`).set('Cookie', `${sessions.treasurer.cookie}; coffer_lang=de; ${flash}`).expect(200);
    expect(page.text).toContain('Die Zahlung ist gebucht.');
    expect(page.text).toContain('1.234,50');
  });

  it('a bad payment form answers 400 naming each problem, keeps the typed values and writes nothing', async () => {
    const before = [await count('role_payments'), await count('postings')];
    const res = await post('treasurer', `/staff/roles/${roleId}/payments`, { amount: '12,3,4', paidOn: '2017-13-01', reference: 'Rechnung <April>' }, 'de').expect(400);
    expect(res.text).toMatch(/<title>Fehler: /);
    expect(res.text).toContain('Geben Sie den Betrag als Zahl ein, etwa 1.234,50');
    expect(res.text).toContain('Geben Sie das Zahlungsdatum als Jahr-Monat-Tag ein');
    expect(res.text).toContain('href="#f-amount"');
    expect(res.text).toContain('value="12,3,4"');
    expect(res.text).toContain('value="2017-13-01"');
    expect(res.text).toContain('value="Rechnung &lt;April&gt;"');
    // The role's terms allow 1,500.00 a month: more needs a reason (the service's 409, values kept).
    const beyond = await post('treasurer', `/staff/roles/${roleId}/payments`, { amount: '900', paidOn: '2017-03-29' }).expect(409);
    // In the page's words (staff-refusals catalog), not the API's English message.
    expect(beyond.text).toContain('goes beyond what the role');
    expect(beyond.text).toContain('give a reason to pay it anyway');
    expect(beyond.text).not.toContain('give an overrideReason');
    expect(beyond.text).toContain('value="900"');
    expect([await count('role_payments'), await count('postings')]).toEqual(before);
  });

  it("records an expense typed the German way, refuses a restricted fund going below zero with the service's words, and keeps the values", async () => {
    const before = await count('postings');
    const form = {
      category: 'hosting',
      payee: 'Hetzner Online GmbH',
      fund,
      currency: 'EUR',
      amount: '89,90',
      spentOn: '2017-04-03',
      reference: REF,
      receiptUrl: 'https://files.example.org/R20170403.pdf',
      note: 'Server im April',
    };
    const res = await post('treasurer', '/staff/expenses', form, 'de').expect(303);
    expect(res.headers.location).toBe('/staff/expenses');
    const [expense] = await ds.query(
      `SELECT x.amount::int AS amount, x.category, x.payee, x.reference, x.receipt_url AS "receiptUrl", x.note, x.entry_id AS "entryId" FROM expenses x WHERE x.reference = $1`,
      [REF],
    );
    expect(expense).toMatchObject({ amount: 8990, category: 'hosting', payee: 'Hetzner Online GmbH', receiptUrl: form.receiptUrl, note: 'Server im April' });
    expect(await postingsOf(expense.entryId)).toEqual([
      { account: 'expenses:hosting', fund, amount: 8990, currency: 'EUR' },
      { account: 'assets:bank', fund, amount: -8990, currency: 'EUR' },
    ]);
    expect(await count('postings')).toBe(before + 2);
    expect((await get('board', '/staff/expenses').expect(200)).text).toContain('Hetzner Online GmbH');

    const counts = [await count('expenses'), await count('postings')];
    const refused = await post('treasurer', '/staff/expenses', { ...form, fund: restrictedFund, reference: 'R20170404', amount: '1.000,00', spentOn: '2017-04-04' }, 'de').expect(
      409,
    );
    // The service's refusal in German on a German page (by its code), with the amounts in the locale.
    expect(refused.text).toContain(`Der Fonds ${restrictedFund} ist zweckgebunden und hält`);
    expect(refused.text).toMatch(/unter null bringen/);
    expect(refused.text).not.toContain('is restricted and holds');
    expect(refused.text).toContain('value="1.000,00"');
    expect(refused.text).toContain('value="R20170404"');
    expect(refused.text).toMatch(new RegExp(`<option value="${restrictedFund}" selected>`));
    const bad = await post('treasurer', '/staff/expenses', { ...form, category: 'Hosting!', amount: '', receiptUrl: 'files/x.pdf' }).expect(400);
    expect(bad.text).toContain('Enter a category in lower-case letters');
    expect(bad.text).toContain('Enter the amount</a>');
    expect(bad.text).toContain('Enter the receipt link as a full web address');
    expect(bad.text).toContain('value="Hosting!"');
    expect([await count('expenses'), await count('postings')]).toEqual(counts);
  });

  it('reverses a payment and an expense through their forms (a reason is required)', async () => {
    const [payment] = await ds.query(`SELECT id FROM role_payments WHERE role_id = $1`, [roleId]);
    const missing = await post('treasurer', `/staff/roles/${roleId}/payments/${payment.id}/reverse`, { reason: '' }).expect(400);
    expect(missing.text).toContain(`href="#f-reason-${payment.id}"`);
    expect(missing.text).toContain('<details class="reverse" open>');
    await post('treasurer', `/staff/roles/${roleId}/payments/${payment.id}/reverse`, { reason: 'Falsches Konto' }).expect(303);
    const [after] = await ds.query(`SELECT reversal_reason AS reason FROM role_payments WHERE id = $1`, [payment.id]);
    expect(after.reason).toBe('Falsches Konto');
    const again = await post('treasurer', `/staff/roles/${roleId}/payments/${payment.id}/reverse`, { reason: 'again' }).expect(409);
    expect(again.text).toContain('This payment has already been reversed.');

    const [expense] = await ds.query(`SELECT id FROM expenses WHERE reference = $1`, [REF]);
    await post('admin', `/staff/expenses/${expense.id}/reverse`, { reason: 'Doppelt erfasst' }).expect(303);
    const page = await get('board', '/staff/expenses').expect(200);
    expect(page.text).toContain('Reversed: Doppelt erfasst');
  });

  it("moves a role through its state machine; a move it forbids shows the service's refusal", async () => {
    const role = await newRole();
    const noHolder = await post('treasurer', `/staff/roles/${role.id}/status`, { status: 'active', holderName: '', holderEmail: '' }).expect(409);
    expect(noHolder.text).toContain('An active role needs a holder');
    const badHolder = await post('treasurer', `/staff/roles/${role.id}/status`, { status: 'active', holderName: 'Ada', holderEmail: 'not-an-email' }).expect(400);
    // The email is wrong, the name is not: the message and aria-invalid go to the email input, the summary links to it.
    expect(badHolder.text).toContain('href="#f-holderEmail">Enter the holder&#x27;s email address, like name@example.org');
    expect(badHolder.text).toMatch(/<input[^>]*id="f-holderEmail"[^>]*aria-invalid="true"/);
    expect(badHolder.text).not.toMatch(/<input[^>]*id="f-holderName"[^>]*aria-invalid="true"/);
    expect(badHolder.text).toContain('value="not-an-email"');
    const noName = await post('treasurer', `/staff/roles/${role.id}/status`, { status: 'active', holderName: '', holderEmail: 'ada@example.org' }, 'de').expect(400);
    expect(noName.text).toContain('href="#f-holderName">Geben Sie den Namen der Stelleninhaberin');
    expect(noName.text).toMatch(/<input[^>]*id="f-holderName"[^>]*aria-invalid="true"/);
    expect(noName.text).not.toMatch(/<input[^>]*id="f-holderEmail"[^>]*aria-invalid="true"/);
    await post('treasurer', `/staff/roles/${role.id}/status`, { status: 'active', holderName: 'Ada Lovelace', holderEmail: 'ada@example.org' }).expect(303);
    const [row] = await ds.query(`SELECT status, holder_name AS name FROM roles WHERE id = $1`, [role.id]);
    expect(row).toEqual({ status: 'active', name: 'Ada Lovelace' });
    const page = await get('treasurer', `/staff/roles/${role.id}`).expect(200);
    // From active the machine allows only "ended".
    expect(page.text.match(/<select class="select" id="f-status"[\s\S]*?<\/select>/)![0]).toMatch(
      /<option value="">—<\/option>\s*<option value="ended">ended<\/option>\s*<\/select>/,
    );
    const illegal = await post('treasurer', `/staff/roles/${role.id}/status`, { status: 'planned' }).expect(409);
    expect(illegal.text).toContain('The role cannot move to this status from its current one');
    const illegalDe = await post('treasurer', `/staff/roles/${role.id}/status`, { status: 'planned' }, 'de').expect(409);
    expect(illegalDe.text).toContain('Die Rolle kann aus ihrem jetzigen Status nicht in diesen wechseln');
  });

  it('an id that is not a UUID is a 404 page on the roles and expenses pages, as on the donation and board pages', async () => {
    for (const path of ['/staff/roles/not-a-uuid', '/staff/roles/123']) {
      const res = await get('board', path).expect(404);
      expect(res.headers['content-type']).toContain('text/html');
    }
    await post('treasurer', '/staff/roles/x/payments', { amount: '1', paidOn: '2017-03-01' }).expect(404);
    await post('treasurer', `/staff/roles/${randomUUID()}/payments/x/reverse`, { reason: 'r' }).expect(404);
    await post('treasurer', '/staff/roles/x/status', { status: 'ended' }).expect(404);
    await post('treasurer', '/staff/expenses/x/reverse', { reason: 'r' }).expect(404);
  });

  it('creates a fund (treasurer) and records a transfer between funds (board)', async () => {
    const code = `sp-${randomUUID().slice(0, 8)}`;
    const bad = await post('treasurer', '/staff/funds', { code: 'Not A Code', name: '' }).expect(400);
    expect(bad.text).toContain('Enter a code of lower-case letters');
    expect(bad.text).toContain('value="Not A Code"');
    await post('treasurer', '/staff/funds', { code, name: `Hardware ${code}`, description: 'Test boards', restricted: 'yes' }).expect(303);
    const [created] = await ds.query(`SELECT name, restricted FROM funds WHERE code = $1`, [code]);
    expect(created).toEqual({ name: `Hardware ${code}`, restricted: true });
    const taken = await post('treasurer', '/staff/funds', { code, name: 'Again' }).expect(409);
    expect(taken.text).toContain('A fund with this code exists already');

    // A transfer moves only money the source holds: first refused on the page, in its language.
    const [{ held }] = await ds.query(
      `SELECT coalesce(sum(p.amount), 0)::int AS held FROM postings p JOIN funds f ON f.id = p.fund_id WHERE f.code = $1 AND p.currency = 'EUR' AND (p.account LIKE 'assets:%' OR p.account LIKE 'liabilities:%')`,
      [fund],
    );
    const beforeRefusal = await count('postings');
    const tooMuch = await post(
      'board',
      '/staff/funds/transfers',
      { from: fund, to: code, currency: 'EUR', amount: '250,00', transferredOn: '2017-04-10', reason: 'Vorstandsbeschluss 2017-04-08' },
      'de',
    );
    expect(held).toBeLessThan(25_000); // the fund has paid expenses and roles, and received nothing
    expect(tooMuch.status).toBe(409);
    expect(mainText(tooMuch.text)).toContain(`Der Fonds ${fund} hält`);
    expect(mainText(tooMuch.text)).toContain('Eine Umbuchung verschiebt Geld, das ein Fonds hält.');
    expect(await count('postings')).toBe(beforeRefusal);
    await t.http
      .post('/api/v1/donations')
      .set(treasurer.auth)
      .send({ channel: 'bank', amount: 25_000 - held, currency: 'EUR', receivedAt: '2017-04-09T10:00:00Z', fund })
      .expect(201);
    const before = await count('postings');
    await post(
      'board',
      '/staff/funds/transfers',
      { from: fund, to: code, currency: 'EUR', amount: '250,00', transferredOn: '2017-04-10', reason: 'Vorstandsbeschluss 2017-04-08' },
      'de',
    ).expect(303);
    const rows = await ds.query(
      `SELECT p.account, f.code AS fund, p.amount::int AS amount FROM postings p JOIN funds f ON f.id = p.fund_id
       WHERE p.entry_id = (SELECT p2.entry_id FROM postings p2 JOIN funds f2 ON f2.id = p2.fund_id WHERE f2.code = $1 LIMIT 1) ORDER BY p.amount DESC`,
      [code],
    );
    expect(rows).toEqual([
      { account: 'assets:bank', fund: code, amount: 25_000 },
      { account: 'assets:bank', fund, amount: -25_000 },
    ]);
    expect(await count('postings')).toBe(before + 2);
  });

  it('draws the runway as an accessible SVG and tables the same figures as GET /api/v1/runway', async () => {
    const api = (await t.http.get('/api/v1/runway?months=12').set(board.auth).expect(200)).body;
    const res = await get('board', '/staff/runway').expect(200);
    const svg = /<svg class="runway-chart"[\s\S]*?<\/svg>/.exec(res.text)![0];
    expect(svg).toMatch(/^<svg class="runway-chart" role="img" aria-labelledby="runway-title runway-desc" viewBox="0 0 \d+ \d+" width="100%"/);
    expect(svg).toContain('<title id="runway-title">Runway: balance of all funds at the end of each month</title>');
    expect(svg).toMatch(/<desc id="runway-desc">Bar chart from [^<]+ to [^<]+, in EUR\. The balance starts at [^<]+<\/desc>/);
    expect(svg.match(/<rect x=/g)).toHaveLength(12);
    expect(res.text).not.toMatch(/<script/i);
    const table = /<table class="table" id="projection">[\s\S]*?<\/table>/.exec(res.text)![0];
    const rows = [...table.matchAll(/<th scope="row">([\s\S]*?)<\/th>\s*<td class="num">([^<]*)<\/td>\s*<td class="num">([^<]*)<\/td>\s*<td class="num">([^<]*)<\/td>/g)].map((m) =>
      m.slice(2, 5),
    );
    const money = (n: number) => formatMoney(n, api.baseCurrency, 'en');
    expect(rows).toEqual(api.total.projection.map((p: { income: number; committed: number; balance: number }) => [money(p.income), money(p.committed), money(p.balance)]));
    expect(rows).toHaveLength(12);
    // A run-out month is marked in the chart and the table alike; none means the sentence says so.
    if (api.total.runsOutIn) {
      expect(svg).toContain('stroke-dasharray');
      expect(table).toContain('(runs out)');
    } else expect(res.text).toContain('The money lasts all 12 months projected.');

    const longer = await get('board', '/staff/runway?months=24', 'de').expect(200);
    expect(/<svg class="runway-chart"[\s\S]*?<\/svg>/.exec(longer.text)![0].match(/<rect x=/g)).toHaveLength(24);
    expect(longer.text).toContain('<title id="runway-title">Reichweite: Saldo aller Fonds am Ende jedes Monats</title>');
    const bad = await get('board', '/staff/runway?months=500').expect(400);
    expect(bad.text).toContain('Choose a number of months from 1 to 120');
  });

  it('draws the month it runs out with a dashed line and hatched bars below zero', async () => {
    // A role costing far more than all funds hold makes the money run out within the horizon.
    const big = await newRole({ monthlyCost: 9_000_000_000, startsOn: '2017-03-01', status: 'planned' });
    try {
      const api = (await t.http.get('/api/v1/runway?months=12').set(board.auth).expect(200)).body;
      expect(api.total.runsOutIn).not.toBeNull();
      const res = await get('treasurer', '/staff/runway').expect(200);
      const svg = /<svg class="runway-chart"[\s\S]*?<\/svg>/.exec(res.text)![0];
      expect(svg).toContain('stroke-dasharray="6 4"');
      expect(svg).toContain('fill="url(#runway-hatch)"');
      expect(svg).toMatch(/<text [^>]*font-weight="bold"[^>]*>Runs out: /);
      expect(svg).toMatch(/The money runs out in [A-Z][a-z]+ \d{4}\.<\/desc>/);
      expect(res.text).toContain('(runs out)');
    } finally {
      await t.http.post(`/api/v1/roles/${big.id}/status`).set(treasurer.auth).send({ status: 'ended' }).expect(200);
    }
  });

  it('keeps the session CSRF token in every write form', async () => {
    const html = (await get('treasurer', `/staff/roles/${roleId}`).expect(200)).text;
    expect(csrfIn(html)).toBe(sessions.treasurer.csrf);
    expect(html.match(/name="_csrf"/g)!.length).toBeGreaterThanOrEqual(3);
  });
});
