import { createTestApp, TestApp } from '../setup/test-app.js';
import { fixture, sql, upload } from './import-helpers.js';

interface Line {
  booked_on: string;
  direction: string;
  amount: string;
  currency: string;
  counterparty: string | null;
  reference: string | null;
  bank_reference: string | null;
  description: string | null;
}

/** The bank CSV profiles shipped with Coffer, each importing its bank's real export layout. */
describe('shipped bank CSV profiles', () => {
  let t: TestApp;
  let auth: { Authorization: string };
  const lines = (importId: string) =>
    sql<Line>(
      t,
      `SELECT to_char(bl.booked_on, 'YYYY-MM-DD') AS booked_on, bl.direction, bl.amount::text, bl.currency, bl.counterparty, bl.reference, bl.bank_reference, bl.description
       FROM bank_lines bl JOIN import_rows r ON r.id = bl.import_row_id WHERE r.import_id = $1 ORDER BY r.seq`,
      [importId],
    );

  beforeAll(async () => {
    t = await createTestApp();
    auth = (await t.userWith('treasurer')).auth;
  });
  afterAll(() => t.close());

  it('lists them beside the stored ones', async () => {
    const res = await t.http.get('/api/v1/imports/profiles').set(auth).expect(200);
    const shipped = res.body.filter((p: { shipped: boolean }) => p.shipped).map((p: { name: string }) => p.name);
    expect(shipped).toEqual(expect.arrayContaining(['dkb', 'sparkasse', 'wise']));
    expect((await t.http.get('/api/v1/imports/profiles/dkb').set(auth).expect(200)).body).toMatchObject({ name: 'dkb', headerLine: 5, shipped: true, id: null });
  });

  it('sparkasse: CSV-CAMT V2 in Windows-1252, comma decimals; a pending row is reported, not imported', async () => {
    const res = await upload(t, auth, fixture('sparkasse-csv-camt-v2.csv'), { kind: 'bank', profile: 'sparkasse', filename: 'umsaetze.csv' }).expect(201);
    expect(res.body).toMatchObject({ format: 'bank-csv', rows: 5, created: 4, duplicates: 0 });
    expect(res.body.errors).toEqual([{ line: 6, message: expect.stringContaining('not booked yet (Info is "Umsatz vorgemerkt")') }]);
    expect(await lines(res.body.id)).toEqual([
      {
        booked_on: '2026-11-03',
        direction: 'credit',
        amount: '12000',
        currency: 'EUR',
        counterparty: 'Jürgen Weiß',
        reference: null,
        bank_reference: null,
        description: 'GUTSCHR. UEBERWEISUNG Spende für Redox OS, danke!',
      },
      {
        booked_on: '2026-11-04',
        direction: 'credit',
        amount: '123456',
        currency: 'EUR',
        counterparty: 'STRIPE TECHNOLOGY EUROPE LTD',
        reference: 'po_1SpkDemo0001',
        bank_reference: null,
        description: 'GUTSCHR. UEBERWEISUNG STRIPE PAYOUT po_1SpkDemo0001',
      },
      {
        booked_on: '2026-11-05',
        direction: 'debit',
        amount: '4879',
        currency: 'EUR',
        counterparty: 'Hetzner Online GmbH',
        reference: 'R0099887766',
        bank_reference: null,
        description: 'FOLGELASTSCHRIFT Hetzner Online GmbH Rechnung R0099887766',
      },
      {
        booked_on: '2026-11-30',
        direction: 'debit',
        amount: '990',
        currency: 'EUR',
        counterparty: null,
        reference: null,
        bank_reference: null,
        description: 'ENTGELTABSCHLUSS Entgelt Kontoführung 11/2026',
      },
    ]);
    const [account] = await sql(t, `SELECT DISTINCT bl.account FROM bank_lines bl JOIN import_rows r ON r.id = bl.import_row_id WHERE r.import_id = $1`, [res.body.id]);
    expect(account).toEqual({ account: 'DE44500105175407324931' });
  });

  it('dkb: the 2023+ export with its preamble, BOM and split payer/payee columns', async () => {
    const res = await upload(t, auth, fixture('dkb-2026-11.csv'), { kind: 'bank', profile: 'dkb', filename: 'dkb.csv' }).expect(201);
    expect(res.body).toMatchObject({ rows: 4, created: 3, duplicates: 0, errors: [{ line: 9, message: expect.stringContaining('Status is "Vorgemerkt"') }] });
    expect((await lines(res.body.id)).map((l) => [l.booked_on, l.direction, l.amount, l.currency, l.counterparty, l.reference])).toEqual([
      ['2026-11-02', 'credit', '5000', 'EUR', 'Erika Mustermann', null],
      ['2026-11-09', 'credit', '250000', 'EUR', 'Förderverein Freie Software e.V.', 'FVFS-2026-11'],
      ['2026-11-15', 'debit', '6188', 'EUR', 'Hetzner Online GmbH', 'R0012399'],
    ]);
  });

  it('wise: the statement CSV with signed decimal-point amounts and Wise ids as bank references', async () => {
    const res = await upload(t, auth, fixture('wise-statement-usd.csv'), { kind: 'bank', profile: 'wise', filename: 'statement.csv' }).expect(201);
    expect(res.body).toMatchObject({ rows: 4, created: 4, duplicates: 0, errors: [] });
    expect((await lines(res.body.id)).map((l) => [l.booked_on, l.direction, l.amount, l.currency, l.counterparty, l.bank_reference])).toEqual([
      ['2026-11-28', 'debit', '100000', 'USD', 'Jane Builder', 'TRANSFER-1122334455'],
      ['2026-11-20', 'credit', '50000', 'USD', 'ACME Corp', 'TRANSFER-1122330001'],
      ['2026-11-12', 'debit', '2470', 'USD', null, 'CARD-2233445566'],
      ['2026-11-03', 'credit', '125000', 'USD', 'Open Source Foundation', 'TRANSFER-1122329999'],
    ]);
    // The next statement overlaps this one: the rows already imported are duplicates.
    const next = Buffer.from(
      `${fixture('wise-statement-usd.csv').toString('utf8')}"TRANSFER-1122339000","30-11-2026","80.00","USD","Received money from Kim","Spende","2265.30","","","","Kim","","","","","","","","0.00",""\n`,
    );
    const overlap = await upload(t, auth, next, { kind: 'bank', profile: 'wise', filename: 'statement-2.csv' }).expect(201);
    expect(overlap.body).toMatchObject({ rows: 5, created: 1, duplicates: 4, errors: [] });
  });

  it('a stored profile of the same name replaces the shipped one', async () => {
    const own = { name: 'wise', delimiter: ',', decimalSeparator: '.', dateColumn: 'Date', dateFormat: 'DD-MM-YYYY', amountColumn: 'Amount', currency: 'EUR' };
    await t.http.post('/api/v1/imports/profiles').set(auth).send(own).expect(201);
    expect((await t.http.get('/api/v1/imports/profiles/wise').set(auth).expect(200)).body).toMatchObject({ shipped: false, currency: 'EUR' });
    const bad = await t.http
      .post('/api/v1/imports/profiles')
      .set(auth)
      .send({ ...own, name: 'half-status', statusColumn: 'Status' })
      .expect(400);
    expect(bad.body.details).toEqual([expect.objectContaining({ field: 'statusColumn' })]);
    process.stdout.write('bank profiles: sparkasse 4 lines + 1 pending refused, dkb 3 + 1 pending refused, wise 4 lines, overlapping wise statement 1 new + 4 duplicates\n');
  });
});
