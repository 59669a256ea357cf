import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BankCsvProfile } from './bank-csv.js';
import { parseUpload, ParseContext, ParseRequest } from './parse-upload.js';
import { BankRecord, GoodRow, ImportFormat, ParsedRow } from './row.js';

const fixture = (name: string) => readFileSync(join(process.cwd(), 'test/fixtures/imports', name));

export const SPARKASSE: BankCsvProfile = {
  name: 'sparkasse',
  delimiter: ';',
  encoding: 'windows-1252',
  decimalSeparator: ',',
  headerLine: 1,
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

async function* chunked(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function parse(bytes: Buffer, request: Partial<ParseRequest> & Pick<ParseRequest, 'kind'>, chunkSize = 7): Promise<{ rows: ParsedRow[]; format?: ImportFormat }> {
  const context: ParseContext = {};
  const rows: ParsedRow[] = [];
  // Tiny chunks: every boundary (inside a tag, a quoted field, a multi-byte character) is crossed.
  for await (const batch of parseUpload(chunked(bytes, chunkSize), { today: '2026-11-26', ...request }, context)) rows.push(...batch);
  return { rows, format: context.format };
}

const good = (rows: ParsedRow[]) => rows.filter((r): r is GoodRow => r.ok);
const bad = (rows: ParsedRow[]) => rows.filter((r) => !r.ok).map((r) => ({ line: r.line, message: (r as { message: string }).message }));

describe('parseUpload: every fixture, read in 7-byte chunks', () => {
  it.each<[string, Partial<ParseRequest> & Pick<ParseRequest, 'kind'>, ImportFormat, number, number]>([
    ['patreon-members.csv', { kind: 'patreon' }, 'patreon-members-csv', 7, 1],
    ['patreon-earnings.csv', { kind: 'patreon' }, 'patreon-earnings-csv', 4, 0],
    ['spring-payouts.csv', { kind: 'merch' }, 'spring-payouts-csv', 2, 1],
    ['sparkasse-2026-10-a.csv', { kind: 'bank', profile: SPARKASSE }, 'bank-csv', 8, 1],
    ['sparkasse-2026-10-b.csv', { kind: 'bank', profile: SPARKASSE }, 'bank-csv', 7, 0],
    ['statement-v1.ofx', { kind: 'bank' }, 'ofx-sgml', 4, 1],
    ['statement-v2.ofx', { kind: 'bank' }, 'ofx-xml', 2, 0],
    ['camt053-2026-10.xml', { kind: 'bank' }, 'camt053', 6, 1],
    ['camt053-2026-10-overlap.xml', { kind: 'bank' }, 'camt053', 3, 0],
  ])('%s', async (name, request, format, goodRows, badRows) => {
    const { rows, format: detected } = await parse(fixture(name), request);
    expect(detected).toBe(format);
    expect(good(rows)).toHaveLength(goodRows);
    expect(bad(rows)).toHaveLength(badRows);
  });
});

describe('Patreon members', () => {
  it('turns paid last charges into income, keeps the others without a record, reports the bad pledge', async () => {
    const { rows } = await parse(fixture('patreon-members.csv'), { kind: 'patreon' });
    const incomes = good(rows).flatMap((r) => (r.record?.type === 'income' ? [r.record] : []));
    expect(incomes.map((i) => [i.memberId, i.amount, i.currency, i.chargedOn])).toEqual([
      ['48120001', 500n, 'USD', '2026-10-01'],
      ['48120002', 2000n, 'USD', '2026-10-01'],
      ['48120003', 1000n, 'EUR', '2026-10-01'],
      ['48120006', 12000n, 'USD', '2026-10-05'],
      ['48120007', 300n, 'USD', '2026-06-01'],
    ]);
    expect(incomes[2].name).toBe('Müller, Jürgen');
    expect(bad(rows)).toEqual([{ line: 9, message: expect.stringMatching(/Pledge Amount "five dollars"/) }]);
  });
});

describe('Patreon earnings', () => {
  it('records gross, fees and net per month and currency', async () => {
    const { rows } = await parse(fixture('patreon-earnings.csv'), { kind: 'patreon' });
    const october = good(rows).find((r) => r.fields.externalId === 'earnings:2026-10:USD')!.record;
    expect(october).toMatchObject({ type: 'payout', gross: 52500n, fees: 4452n + 3315n, net: 42533n, periodStart: '2026-10-01', periodEnd: '2026-10-31' });
  });

  it('refuses a month that is not over yet', async () => {
    const csv = Buffer.from('Month,Currency,Total gross revenue,Total platform fee,Total payment fee,Your total earnings\n2026-11,USD,10.00,-1.00,-0.50,8.50\n');
    const { rows } = await parse(csv, { kind: 'patreon', today: '2026-11-26' });
    expect(bad(rows)).toEqual([{ line: 2, message: 'Month 2026-11 is not over yet; import its earnings after it ends' }]);
  });
});

describe('bank CSV with a profile', () => {
  it('reads Windows-1252 text, decimal commas, dd.mm.yy dates and signs', async () => {
    const { rows } = await parse(fixture('sparkasse-2026-10-a.csv'), { kind: 'bank', profile: SPARKASSE });
    const lines = good(rows).map((r) => r.record as BankRecord);
    expect(lines[0]).toMatchObject({
      account: 'DE02120300000000202051',
      bookedOn: '2026-10-01',
      amount: 25000n,
      direction: 'credit',
      counterparty: 'Förderverein Freie Software e.V.',
      reference: null,
    });
    expect(lines[1]).toMatchObject({ amount: 148237n, direction: 'credit', reference: 'po_1QAbCdEfGhIjKlMn' });
    expect(lines[2]).toMatchObject({ amount: 4879n, direction: 'debit' });
    expect(lines[7]).toMatchObject({ description: 'Spende für Übersetzungen', counterparty: 'Zoë Ångström' });
    expect(bad(rows)).toEqual([{ line: 10, message: expect.stringMatching(/Betrag "12.50" is not a decimal amount with "," as decimal separator/) }]);
  });

  it('gives two identical transfers on one day the same identity, to be told apart by occurrence', async () => {
    const { rows } = await parse(fixture('sparkasse-2026-10-a.csv'), { kind: 'bank', profile: SPARKASSE });
    const [first, second] = good(rows).filter((r) => r.fields.date === '2026-10-12');
    expect(first.identity).toEqual(second.identity);
    expect(first.repeatable).toBe(true);
  });

  it.each<[string, Partial<BankCsvProfile>, RegExp]>([
    ['a column the file lacks', { dateColumn: 'Datum' }, /no column "Datum" that profile "sparkasse" expects/],
    ['UTF-8 for a Latin-1 file', { encoding: 'utf-8' }, /not valid utf-8 at byte \d+; a bank export in Latin-1\/Windows-1252 needs encoding set in its profile/],
    ['the wrong delimiter', { delimiter: ',' }, /Line 1 has text after the closing quote of a field \(is the delimiter right\?\)/],
  ])('refuses the file with %s', async (_what, change, message) => {
    await expect(parse(fixture('sparkasse-2026-10-a.csv'), { kind: 'bank', profile: { ...SPARKASSE, ...change } })).rejects.toThrow(message);
  });

  it('reads debit and credit columns with dd.mm.yyyy dates and a fixed currency', async () => {
    const csv = Buffer.from('Datum;Text;Soll;Haben\n01.10.2026;Miete;1.200,00;\n02.10.2026;Spende;;50,00\n03.10.2026;Beides;1,00;2,00\n');
    const profile: BankCsvProfile = {
      name: 'split',
      delimiter: ';',
      encoding: 'utf-8',
      decimalSeparator: ',',
      headerLine: 1,
      dateColumn: 'Datum',
      dateFormat: 'DD.MM.YYYY',
      debitColumn: 'Soll',
      creditColumn: 'Haben',
      currency: 'EUR',
      descriptionColumns: ['Text'],
      account: 'DE02 1203 0000 0000 2020 51',
    };
    const { rows } = await parse(csv, { kind: 'bank', profile });
    expect(good(rows).map((r) => [r.record && 'direction' in r.record && r.record.direction, r.fields.amount, r.sourceKey])).toEqual([
      ['debit', 120000n, 'bank:DE02120300000000202051'],
      ['credit', 5000n, 'bank:DE02120300000000202051'],
    ]);
    expect(bad(rows)).toEqual([{ line: 4, message: 'both Soll and Haben are filled' }]);
  });

  it('skips a preamble above the header', async () => {
    const csv = Buffer.from('Kontoauszug;;\nZeitraum;01.10.2026 - 31.10.2026;\n\nDatum;Text;Betrag\n01.10.2026;Spende;5,00\n');
    const profile: BankCsvProfile = {
      name: 'pre',
      delimiter: ';',
      encoding: 'utf-8',
      decimalSeparator: ',',
      headerLine: 4,
      dateColumn: 'Datum',
      dateFormat: 'DD.MM.YYYY',
      amountColumn: 'Betrag',
      currency: 'EUR',
    };
    const { rows } = await parse(csv, { kind: 'bank', profile });
    expect(good(rows).map((r) => r.fields.amount)).toEqual([500n]);
  });
});

describe('OFX', () => {
  it('reads SGML leaves without end tags, entities and an empty MEMO', async () => {
    const { rows } = await parse(fixture('statement-v1.ofx'), { kind: 'bank' });
    const lines = good(rows).map((r) => r.record as BankRecord);
    expect(lines.map((l) => [l.bookedOn, l.direction, l.amount, l.bankReference])).toEqual([
      ['2026-10-02', 'credit', 125000n, '202610020001'],
      ['2026-10-05', 'credit', 40307n, '202610050002'],
      ['2026-10-07', 'debit', 100000n, '202610070003'],
      ['2026-10-31', 'debit', 1500n, '202610310004'],
    ]);
    expect(lines[1].description).toBe('PAYOUT PATREON & CO 2026-09');
    expect(lines[3]).toMatchObject({ counterparty: 'MONTHLY SERVICE FEE', description: 'MONTHLY SERVICE FEE' });
    expect(new Set(good(rows).map((r) => r.sourceKey))).toEqual(new Set(['bank:000123456789']));
    expect(bad(rows)).toEqual([{ line: expect.any(Number), message: 'DTPOSTED "20261099120000[0:GMT]" is not a real calendar date' }]);
  });

  it('gives the same transaction the same identity in OFX 1 and OFX 2', async () => {
    const v1 = good((await parse(fixture('statement-v1.ofx'), { kind: 'bank' })).rows);
    const v2 = good((await parse(fixture('statement-v2.ofx'), { kind: 'bank' })).rows);
    expect(v2[0].identity).toEqual(v1[0].identity);
    expect(v2[1].record).toMatchObject({ counterparty: 'PAYPAL TRANSFER', amount: 16235n, description: 'Creator Spring PO-2026-09-1342' });
  });

  it.each([
    ['cut inside a transaction', (s: string) => s.slice(0, s.indexOf('<FITID>202610070003'))],
    ['without its closing tags', (s: string) => s.slice(0, s.indexOf('</BANKTRANLIST>'))],
  ])('refuses an SGML file %s as truncated', async (_what, cut) => {
    const text = cut(fixture('statement-v1.ofx').toString('latin1'));
    await expect(parse(Buffer.from(text, 'latin1'), { kind: 'bank' })).rejects.toThrow(/truncated/);
  });
});

describe('CAMT.053', () => {
  it('reads entries, parties, remittance, batch bookings and reversals', async () => {
    const { rows } = await parse(fixture('camt053-2026-10.xml'), { kind: 'bank' });
    const lines = good(rows).map((r) => r.record as BankRecord);
    expect(lines.map((l) => [l.bookedOn, l.direction, l.amount, l.reversal, l.bankReference])).toEqual([
      ['2026-10-01', 'credit', 25000n, false, '2026100100001'],
      ['2026-10-02', 'credit', 148237n, false, '2026100200007'],
      ['2026-10-05', 'debit', 4879n, false, '2026100500003'],
      ['2026-10-09', 'credit', 6000n, false, '2026100900011'],
      ['2026-10-12', 'credit', 7500n, false, '2026101200004'],
      ['2026-10-13', 'debit', 7500n, true, '2026101300002'],
    ]);
    expect(lines[0]).toMatchObject({
      account: 'DE02120300000000202051',
      counterparty: 'Förderverein Freie Software e.V.',
      counterpartyAccount: 'DE89370400440532013000',
      reference: null,
      description: 'Spende Oktober Redox OS',
    });
    expect(lines[1].reference).toBe('po_1QAbCdEfGhIjKlMn');
    expect(lines[2]).toMatchObject({ counterparty: 'Hetzner Online GmbH', reference: 'R0012345678' });
    expect(lines[3]).toMatchObject({ description: 'Spende Kernel Spende Doku', reference: 'DON-2026-0042', counterparty: 'Hans Beispiel' });
    expect(lines[4].reference).toBe('RF18539007547034');
    expect(lines[5]).toMatchObject({ description: 'RUECKBUCHUNG GUTSCHRIFT 2026101200004', valueOn: '2026-10-12' });
    expect(bad(rows)).toEqual([{ line: expect.any(Number), message: 'entry status PDNG is not booked (BOOK); it is not imported' }]);
    expect(good(rows)[0].raw).toMatchObject({ Amt: { '@Ccy': 'EUR', '#text': '250.00' }, CdtDbtInd: 'CRDT' });
  });

  it('gives an entry the same identity in camt.053.001.02 and .08', async () => {
    const v8 = good((await parse(fixture('camt053-2026-10.xml'), { kind: 'bank' })).rows);
    const v2 = good((await parse(fixture('camt053-2026-10-overlap.xml'), { kind: 'bank' })).rows);
    expect(v2[0].identity).toEqual(v8[4].identity);
    expect(v2[1].identity).toEqual(v8[5].identity);
  });

  it.each<[string, (s: string) => string, RegExp]>([
    ['billion laughs', () => fixture('billion-laughs.xml').toString(), /DOCTYPE/],
    ['an external entity', () => fixture('external-entity.xml').toString(), /DOCTYPE/],
    ['an undeclared entity', (s) => s.replace('Spende Oktober Redox OS', '&secret;'), /not well-formed/],
    ['a truncated file', (s) => s.slice(0, s.indexOf('<Ntry>', 3000)), /truncated/],
    ['a camt.054 notification', (s) => s.replace('camt.053.001.08', 'camt.054.001.08'), /camt\.054\.001\.08 message/],
    ['another XML root', () => '<?xml version="1.0"?><Invoice/>', /root element <Invoice>/],
    ['an entry before the account', (s) => s.replace(/<Acct>[\s\S]*?<\/Acct>/, ''), /no account/],
    ['an entry with a huge text', (s) => s.replace('Spende Oktober Redox OS', 'x'.repeat(300_000)), /more than 256 KB of text/],
    [
      'an entry with thousands of elements',
      (s) => s.replace('<RmtInf><Ustrd>Spende Oktober Redox OS</Ustrd></RmtInf>', '<RmtInf>' + '<Ustrd>x</Ustrd>'.repeat(6000) + '</RmtInf>'),
      /more than 5000 elements/,
    ],
    ['nesting without end', (s) => s.replace('<GrpHdr>', '<a>'.repeat(100)), /nests deeper than 64/],
  ])('refuses %s', async (_what, make, message) => {
    const text = make(fixture('camt053-2026-10.xml').toString());
    await expect(parse(Buffer.from(text), { kind: 'bank' })).rejects.toThrow(message);
  });
});

describe('kind against content', () => {
  it.each<[string, Partial<ParseRequest> & Pick<ParseRequest, 'kind'>, RegExp]>([
    ['camt053-2026-10.xml', { kind: 'patreon' }, /kind "patreon" expects a CSV export, but the file is an XML document/],
    ['statement-v1.ofx', { kind: 'merch' }, /kind "merch" expects a CSV export, but the file is an OFX statement/],
    ['spring-payouts.csv', { kind: 'patreon' }, /neither Patreon's members export .* nor its earnings export/],
    ['patreon-members.csv', { kind: 'merch' }, /not a Creator Spring payout report/],
    ['patreon-members.csv', { kind: 'bank' }, /A bank CSV needs a profile/],
  ])('refuses %s as %j', async (name, request, message) => {
    await expect(parse(fixture(name), request)).rejects.toThrow(message);
  });

  it('refuses a CSV cut in the middle of a row', async () => {
    const text = fixture('spring-payouts.csv').toString();
    await expect(parse(Buffer.from(text.slice(0, text.lastIndexOf(',2026-'))), { kind: 'merch' })).rejects.toThrow(
      /Line 4 has 3 fields but the header has 10: the file is truncated/,
    );
  });

  it('refuses a CSV cut inside a quoted field', async () => {
    const text = fixture('patreon-members.csv').toString();
    await expect(parse(Buffer.from(text.slice(0, text.indexOf('Jürgen') + 3)), { kind: 'patreon' })).rejects.toThrow(/ends inside a quoted field .* truncated/);
  });
});
