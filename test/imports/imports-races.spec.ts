import { createTestApp, TestApp } from '../setup/test-app.js';
import { membersCsv, randomIban, sql, upload } from './import-helpers.js';

describe('R5 imports: the same file twice at once', () => {
  let t: TestApp;
  let auth: { Authorization: string };
  beforeAll(async () => {
    t = await createTestApp();
    auth = (await t.userWith('treasurer')).auth;
  });
  afterAll(() => t.close());

  it('keeps every row once when one file is uploaded twice at the same moment', async () => {
    const { body, prefix } = membersCsv(2000);
    const answers = await Promise.all([upload(t, auth, body, { kind: 'patreon' }), upload(t, auth, body, { kind: 'patreon' })]);
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([200, 201]);
    const first = answers.find((a) => a.status === 201)!.body;
    const replay = answers.find((a) => a.status === 200)!.body;
    expect(first).toMatchObject({ rows: 2000, created: 2000, duplicates: 0 });
    expect(replay).toMatchObject({ id: first.id, rows: 2000, created: 0, duplicates: 2000 });
    const [counts] = await sql<{ rows: number; income: number; imports: number }>(
      t,
      `SELECT (SELECT count(*) FROM import_rows WHERE external_id LIKE $1)::int AS rows,
              (SELECT count(*) FROM provider_income WHERE member_id LIKE $1)::int AS income,
              (SELECT count(DISTINCT import_id) FROM import_rows WHERE external_id LIKE $1)::int AS imports`,
      [`${prefix}-%`],
    );
    expect(counts).toEqual({ rows: 2000, income: 2000, imports: 1 });
    process.stdout.write(
      `R5 same file imported twice at once: 2 uploads of 2000 rows, answers ${statuses.join('+')}, 1 import, ${counts.rows} rows and ${counts.income} income records (0 doubled)\n`,
    );
  });

  it('keeps every bank line once when two overlapping statements arrive at the same moment', async () => {
    const iban = randomIban();
    await t.http
      .post('/api/v1/imports/profiles')
      .set(auth)
      .send({
        name: `r5-${iban.toLowerCase()}`,
        delimiter: ';',
        decimalSeparator: ',',
        dateColumn: 'Datum',
        dateFormat: 'DD.MM.YYYY',
        amountColumn: 'Betrag',
        currency: 'EUR',
        descriptionColumns: ['Verwendungszweck'],
        account: iban,
      })
      .expect(201);
    const line = (i: number) => `${String(1 + (i % 28)).padStart(2, '0')}.10.2026;Spende ${i % 7};${(i % 90) + 1},${String(i % 100).padStart(2, '0')}`;
    const statement = (from: number, to: number) => Buffer.from(['Datum;Verwendungszweck;Betrag', ...Array.from({ length: to - from }, (_, k) => line(from + k))].join('\n'));
    const [a, b] = await Promise.all([
      upload(t, auth, statement(0, 600), { kind: 'bank', profile: `r5-${iban.toLowerCase()}` }).expect(201),
      upload(t, auth, statement(400, 1000), { kind: 'bank', profile: `r5-${iban.toLowerCase()}` }).expect(201),
    ]);
    expect(a.body.created + b.body.created).toBe(1000);
    expect(a.body.duplicates + b.body.duplicates).toBe(200);
    const [{ n }] = await sql<{ n: number }>(t, `SELECT count(*)::int AS n FROM bank_lines WHERE account = $1`, [iban]);
    expect(n).toBe(1000);
    process.stdout.write(`R5 overlapping statements at once: 600 + 600 rows sharing 200, ${n} bank lines, ${a.body.duplicates + b.body.duplicates} duplicates\n`);
  });
});
