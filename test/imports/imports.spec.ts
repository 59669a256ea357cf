import { createTestApp, TestApp } from '../setup/test-app.js';
import { fixture, sql, upload } from './import-helpers.js';

const SPARKASSE = {
  name: 'sparkasse-csv-camt-v2',
  delimiter: ';',
  encoding: 'windows-1252',
  decimalSeparator: ',',
  dateColumn: 'Buchungstag',
  dateFormat: 'DD.MM.YY',
  valueDateColumn: 'Valutadatum',
  amountColumn: 'Betrag',
  currencyColumn: 'Waehrung',
  descriptionColumns: ['Verwendungszweck'],
  referenceColumn: 'Kundenreferenz (End-to-End)',
  counterpartyColumn: 'Beguenstigter/Zahlungspflichtiger',
  counterpartyAccountColumn: 'Kontonummer/IBAN',
  accountColumn: 'Auftragskonto',
};

describe('imports: every format over HTTP into canonical records', () => {
  let t: TestApp;
  let auth: { Authorization: string };
  beforeAll(async () => {
    t = await createTestApp();
    auth = (await t.userWith('treasurer')).auth;
  });
  afterAll(() => t.close());

  it('imports the Patreon members export into provider income, reports the bad row, and answers a re-upload with the first import', async () => {
    const res = await upload(t, auth, fixture('patreon-members.csv'), { kind: 'patreon', filename: 'Members_1234.csv' }).expect(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      kind: 'patreon',
      format: 'patreon-members-csv',
      filename: 'Members_1234.csv',
      rows: 8,
      created: 7,
      duplicates: 0,
      errors: [{ line: 9, message: 'Pledge Amount "five dollars" is not a decimal amount with "." as decimal separator' }],
    });
    const income = await sql(
      t,
      `SELECT i.member_id, i.amount::int, i.currency, to_char(i.charged_on, 'YYYY-MM-DD') AS charged_on, i.name
      FROM provider_income i JOIN import_rows r ON r.id = i.import_row_id WHERE r.import_id = $1 ORDER BY i.member_id`,
      [res.body.id],
    );
    expect(income).toEqual([
      { member_id: '48120001', amount: 500, currency: 'USD', charged_on: '2026-10-01', name: 'Ada Lovelace' },
      { member_id: '48120002', amount: 2000, currency: 'USD', charged_on: '2026-10-01', name: 'Grace Hopper' },
      { member_id: '48120003', amount: 1000, currency: 'EUR', charged_on: '2026-10-01', name: 'Müller, Jürgen' },
      { member_id: '48120006', amount: 12000, currency: 'USD', charged_on: '2026-10-05', name: 'Annual Backer' },
      { member_id: '48120007', amount: 300, currency: 'USD', charged_on: '2026-06-01', name: 'Former Patron' },
    ]);

    const again = await upload(t, auth, fixture('patreon-members.csv'), { kind: 'patreon', filename: 'copy.csv' }).expect(200);
    expect(again.body).toMatchObject({ id: res.body.id, rows: 8, created: 0, duplicates: 7, errors: res.body.errors });
    const [{ n }] = await sql<{ n: number }>(t, `SELECT count(*)::int AS n FROM imports WHERE id = $1 OR filename = 'copy.csv'`, [res.body.id]);
    expect(n).toBe(1);
    const audit = await t.http
      .get(`/api/v1/audit?entity=import&entityId=${res.body.id}`)
      .set((await t.userWith('admin')).auth)
      .expect(200);
    expect(audit.body.items).toEqual([expect.objectContaining({ action: 'import.create', after: expect.objectContaining({ created: 7, rows: 8 }) })]);
  });

  it('imports the Patreon earnings export as monthly provider payouts with gross, fees and net', async () => {
    const res = await upload(t, auth, fixture('patreon-earnings.csv'), { kind: 'patreon' }).expect(201);
    expect(res.body).toMatchObject({ format: 'patreon-earnings-csv', rows: 4, created: 4, duplicates: 0, errors: [] });
    const payouts = await sql(
      t,
      `SELECT p.external_id, p.gross::int, p.fees::int, p.net::int, p.currency, to_char(p.period_end, 'YYYY-MM-DD') AS period_end
      FROM provider_payouts p JOIN import_rows r ON r.id = p.import_row_id WHERE r.import_id = $1 ORDER BY p.external_id`,
      [res.body.id],
    );
    expect(payouts).toEqual([
      { external_id: 'earnings:2026-08:USD', gross: 43000, fees: 3646 + 2795, net: 36059, currency: 'USD', period_end: '2026-08-31' },
      { external_id: 'earnings:2026-09:USD', gross: 47300, fees: 4011 + 2982, net: 40307, currency: 'USD', period_end: '2026-09-30' },
      { external_id: 'earnings:2026-10:EUR', gross: 1000, fees: 85 + 64, net: 851, currency: 'EUR', period_end: '2026-10-31' },
      { external_id: 'earnings:2026-10:USD', gross: 52500, fees: 4452 + 3315, net: 42533, currency: 'USD', period_end: '2026-10-31' },
    ]);
  });

  it('imports the Creator Spring payout report and leaves the pending payout for later', async () => {
    const res = await upload(t, auth, fixture('spring-payouts.csv'), { kind: 'merch' }).expect(201);
    expect(res.body).toMatchObject({ format: 'spring-payouts-csv', rows: 3, created: 2, duplicates: 0 });
    expect(res.body.errors).toEqual([{ line: 4, message: 'Payout PO-2026-10-1519 is not paid yet (status "Pending"); import it once it is paid' }]);
    const payouts = await sql(
      t,
      `SELECT p.provider, p.external_id, p.gross::int, p.fees::int, p.net::int, to_char(p.paid_on, 'YYYY-MM-DD') AS paid_on
      FROM provider_payouts p JOIN import_rows r ON r.id = p.import_row_id WHERE r.import_id = $1 ORDER BY p.paid_on`,
      [res.body.id],
    );
    expect(payouts).toEqual([
      { provider: 'merch', external_id: 'PO-2026-08-1187', gross: 21840, fees: 312, net: 21528, paid_on: '2026-09-15' },
      { provider: 'merch', external_id: 'PO-2026-09-1342', gross: 16490, fees: 255, net: 16235, paid_on: '2026-10-15' },
    ]);
  });

  it('imports two overlapping Sparkasse statements through a stored profile without doubling a line', async () => {
    await t.http.post('/api/v1/imports/profiles').set(auth).send(SPARKASSE).expect(201);
    const a = await upload(t, auth, fixture('sparkasse-2026-10-a.csv'), { kind: 'bank', profile: SPARKASSE.name }).expect(201);
    expect(a.body).toMatchObject({ format: 'bank-csv', rows: 9, created: 8, duplicates: 0 });
    expect(a.body.errors).toEqual([{ line: 10, message: 'Betrag "12.50" is not a decimal amount with "," as decimal separator' }]);
    const b = await upload(t, auth, fixture('sparkasse-2026-10-b.csv'), { kind: 'bank', profile: SPARKASSE.name }).expect(201);
    expect(b.body).toMatchObject({ rows: 7, created: 3, duplicates: 4, errors: [] });

    const lines = await sql(
      t,
      `SELECT to_char(l.booked_on, 'YYYY-MM-DD') AS day, l.direction, l.amount::int, l.counterparty, l.match_state
      FROM bank_lines l JOIN import_rows r ON r.id = l.import_row_id WHERE r.import_id IN ($1, $2) ORDER BY l.booked_on, l.amount`,
      [a.body.id, b.body.id],
    );
    expect(lines).toHaveLength(11);
    // The two equal 10,00 transfers of 12 October are two real donations: both kept, once each.
    expect(lines.filter((l) => l.day === '2026-10-12')).toEqual([
      { day: '2026-10-12', direction: 'credit', amount: 1000, counterparty: 'Max Mustermann', match_state: 'unmatched' },
      { day: '2026-10-12', direction: 'credit', amount: 1000, counterparty: 'Max Mustermann', match_state: 'unmatched' },
    ]);
    expect(lines.find((l) => l.day === '2026-10-15' && l.amount === 3500)).toMatchObject({ counterparty: 'Zoë Ångström' });
    expect(lines.find((l) => l.day === '2026-10-28')).toMatchObject({ direction: 'debit', amount: 100000 });
  });

  it('imports OFX 1.x SGML, then an OFX 2.x XML statement of the same account that repeats a transaction', async () => {
    const v1 = await upload(t, auth, fixture('statement-v1.ofx'), { kind: 'bank', filename: 'statement.qfx' }).expect(201);
    expect(v1.body).toMatchObject({ format: 'ofx-sgml', rows: 5, created: 4, duplicates: 0 });
    expect(v1.body.errors).toEqual([{ line: expect.any(Number), message: 'DTPOSTED "20261099120000[0:GMT]" is not a real calendar date' }]);
    const v2 = await upload(t, auth, fixture('statement-v2.ofx'), { kind: 'bank', filename: 'statement.ofx' }).expect(201);
    expect(v2.body).toMatchObject({ format: 'ofx-xml', rows: 2, created: 1, duplicates: 1, errors: [] });
    const [line] = await sql(
      t,
      `SELECT l.account, l.amount::int, l.currency, l.counterparty, l.bank_reference FROM bank_lines l
      JOIN import_rows r ON r.id = l.import_row_id WHERE r.import_id = $1`,
      [v2.body.id],
    );
    expect(line).toEqual({ account: '000123456789', amount: 16235, currency: 'USD', counterparty: 'PAYPAL TRANSFER', bank_reference: '202610160006' });
  });

  it('imports CAMT.053 (.08) with a reversal, then an overlapping .02 statement', async () => {
    const first = await upload(t, auth, fixture('camt053-2026-10.xml'), { kind: 'bank', filename: 'camt.xml' }).expect(201);
    expect(first.body).toMatchObject({ format: 'camt053', rows: 7, created: 6, duplicates: 0 });
    expect(first.body.errors).toEqual([{ line: expect.any(Number), message: 'entry status PDNG is not booked (BOOK); it is not imported' }]);
    const overlap = await upload(t, auth, fixture('camt053-2026-10-overlap.xml'), { kind: 'bank', filename: 'camt-overlap.xml' }).expect(201);
    expect(overlap.body).toMatchObject({ format: 'camt053', rows: 3, created: 1, duplicates: 2, errors: [] });
    const lines = await sql(
      t,
      `SELECT l.direction, l.amount::int, l.reversal, l.bank_reference, l.counterparty FROM bank_lines l
      JOIN import_rows r ON r.id = l.import_row_id WHERE r.import_id IN ($1, $2) AND l.amount = 7500 ORDER BY l.booked_on`,
      [first.body.id, overlap.body.id],
    );
    expect(lines).toEqual([
      { direction: 'credit', amount: 7500, reversal: false, bank_reference: '2026101200004', counterparty: 'Erika Musterfrau' },
      { direction: 'debit', amount: 7500, reversal: true, bank_reference: '2026101300002', counterparty: null },
    ]);
  });

  it('lists imports, shows one with its errors, and pages through its rows', async () => {
    const res = await upload(t, auth, Buffer.from('Payout ID,Payout Date,Net Amount,Currency\nPO-LIST-1,2026-10-01,10.00,USD\nPO-LIST-2,2026-10-02,oops,USD\n'), {
      kind: 'merch',
    }).expect(201);
    const list = await t.http.get('/api/v1/imports?limit=200').set(auth).expect(200);
    expect(list.body).toMatchObject({ page: 1, limit: 200, total: expect.any(Number) });
    expect(list.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ id: res.body.id, kind: 'merch', rows: 2, created: 1, errorCount: 1 })]));
    const one = await t.http.get(`/api/v1/imports/${res.body.id}`).set(auth).expect(200);
    expect(one.body).toMatchObject({ id: res.body.id, sha256: expect.stringMatching(/^[0-9a-f]{64}$/), errors: [{ line: 3, message: expect.stringContaining('"oops"') }] });
    const rows = await t.http.get(`/api/v1/imports/${res.body.id}/rows`).set(auth).expect(200);
    expect(rows.body.items).toEqual([
      expect.objectContaining({
        seq: 1,
        line: 2,
        status: 'ok',
        amount: 1000,
        currency: 'USD',
        externalId: 'PO-LIST-1',
        providerPayoutId: expect.any(String),
        raw: expect.objectContaining({ 'Payout ID': 'PO-LIST-1' }),
      }),
      expect.objectContaining({ seq: 2, line: 3, status: 'error', rowHash: null, providerPayoutId: null }),
    ]);
    const errorsOnly = await t.http.get(`/api/v1/imports/${res.body.id}/rows?status=error`).set(auth).expect(200);
    expect(errorsOnly.body.total).toBe(1);
    await t.http.get('/api/v1/imports/6c1f0a47-0b7e-4a57-9d61-2d1c6e3f1a00').set(auth).expect(404);
    await t.http.get('/api/v1/imports/not-a-uuid').set(auth).expect(400);
  });
});

describe('imports: profiles, requests and roles', () => {
  let t: TestApp;
  let auth: { Authorization: string };
  beforeAll(async () => {
    t = await createTestApp();
    auth = (await t.userWith('treasurer')).auth;
  });
  afterAll(() => t.close());

  it('stores, lists, reads and replaces a profile', async () => {
    const created = await t.http
      .post('/api/v1/imports/profiles')
      .set(auth)
      .send({ ...SPARKASSE, name: 'bank-one' })
      .expect(201);
    expect(created.body).toMatchObject({ id: expect.any(String), name: 'bank-one', delimiter: ';', headerLine: 1 });
    await t.http
      .post('/api/v1/imports/profiles')
      .set(auth)
      .send({ ...SPARKASSE, name: 'bank-one' })
      .expect(409);
    const { name: _name, ...body } = SPARKASSE;
    const replaced = await t.http
      .put('/api/v1/imports/profiles/bank-one')
      .set(auth)
      .send({ ...body, headerLine: 3 })
      .expect(200);
    expect(replaced.body).toMatchObject({ id: created.body.id, name: 'bank-one', headerLine: 3, createdAt: created.body.createdAt });
    expect((await t.http.get('/api/v1/imports/profiles/bank-one').set(auth).expect(200)).body.headerLine).toBe(3);
    expect((await t.http.get('/api/v1/imports/profiles').set(auth).expect(200)).body.map((p: { name: string }) => p.name)).toContain('bank-one');
    await t.http.get('/api/v1/imports/profiles/nope').set(auth).expect(404);
    await t.http.put('/api/v1/imports/profiles/nope').set(auth).send(body).expect(404);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['both amount styles', { amountColumn: 'Betrag', debitColumn: 'Soll', creditColumn: 'Haben' }, 'amountColumn'],
    ['no amount column', { amountColumn: undefined }, 'amountColumn'],
    ['two currencies', { currency: 'EUR' }, 'currency'],
    ['an unknown currency', { currencyColumn: undefined, currency: 'XYZ' }, 'currency'],
    ['an unknown date format', { dateFormat: 'D/M/Y' }, 'dateFormat'],
    ['an unknown encoding', { encoding: 'ebcdic' }, 'encoding'],
    ['a bad name', { name: 'Has Spaces' }, 'name'],
    ['an unknown field', { sheet: 2 }, 'sheet'],
  ])('refuses a profile with %s', async (_what, change, field) => {
    const res = await t.http
      .post('/api/v1/imports/profiles')
      .set(auth)
      .send({ ...SPARKASSE, name: 'bad-profile', ...change })
      .expect(400);
    expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
  });

  it.each<[string, () => ReturnType<typeof upload>, RegExp]>([
    ['no kind', () => upload(t, auth, fixture('spring-payouts.csv')), /kind must be one of patreon, merch, bank/],
    ['an unknown kind', () => upload(t, auth, fixture('spring-payouts.csv'), { kind: 'crypto' }), /kind must be one of/],
    ['an unknown profile', () => upload(t, auth, fixture('sparkasse-2026-10-a.csv'), { kind: 'bank', profile: 'missing' }), /Import profile "missing" does not exist/],
    ['a bank CSV without profile', () => upload(t, auth, fixture('sparkasse-2026-10-a.csv'), { kind: 'bank' }), /A bank CSV needs a profile/],
    ['a CAMT file as Patreon', () => upload(t, auth, fixture('camt053-2026-10.xml'), { kind: 'patreon' }), /kind "patreon" expects a CSV export, but the file is an XML document/],
    ['a spreadsheet', () => upload(t, auth, Buffer.from('PK\x03\x04\x14\x00\x06\x00', 'latin1'), { kind: 'merch', filename: 'payouts.csv' }), /ZIP archive/],
    ['an empty file', () => upload(t, auth, Buffer.alloc(0), { kind: 'merch' }), /empty/],
    ['a JSON body', () => t.http.post('/api/v1/imports').set(auth).send({ kind: 'bank' }), /multipart\/form-data/],
  ])('answers 400 for %s', async (_what, send, message) => {
    const res = await send().expect(400);
    expect(res.body.message).toMatch(message);
  });

  it('lets only treasurers and admins in', async () => {
    const board = await t.userWith('board');
    await upload(t, board.auth, fixture('spring-payouts.csv'), { kind: 'merch' }).expect(403);
    await t.http.get('/api/v1/imports').set(board.auth).expect(403);
    await t.http.get('/api/v1/imports/profiles').expect(401);
    await t.http.post('/api/v1/imports').field('kind', 'merch').attach('file', fixture('spring-payouts.csv'), 'p.csv').expect(401);
  });
});
