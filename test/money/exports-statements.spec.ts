import { execFileSync, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createTestApp, TestApp } from '../setup/test-app.js';

function have(binary: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${binary}`]).status === 0;
}

/** `account|currency` → decimal string, from `hledger bal` (all funds together, as hledger sees them). */
function hledgerBalances(file: string): Map<string, string> {
  const csv = execFileSync('hledger', ['-f', file, 'balance', '--flat', '--empty', '-N', '-O', 'csv', '--layout=bare'], { encoding: 'utf8' });
  const out = new Map<string, string>();
  for (const line of csv.trim().split('\n').slice(1)) {
    const [account, commodity, amount] = line.split(',').map((f) => f.replace(/^"|"$/g, ''));
    if (Number(amount) !== 0) out.set(`${account}|${commodity}`, amount);
  }
  return out;
}

describe('journal exports and annual statements', () => {
  let t: TestApp;
  let treasurer: { auth: { Authorization: string } };
  let dir: string;
  beforeAll(async () => {
    t = await createTestApp();
    treasurer = await t.userWith('treasurer');
    dir = mkdtempSync(join(tmpdir(), 'coffer-export-'));
    const donate = (body: object) => t.http.post('/api/v1/donations').set(treasurer.auth).send(body).expect(201);
    await donate({ channel: 'bank', amount: 12_345, fee: 45, currency: 'EUR', receivedAt: '2026-01-10', reference: 'Quote "test", comma; semicolon' });
    await donate({ channel: 'crypto', amount: 5000, currency: 'JPY', receivedAt: '2026-02-11', fund: 'rsoc' });
    await donate({ channel: 'other', amount: 1250, currency: 'BHD', receivedAt: '2026-03-12', note: 'cheque' });
  });
  afterAll(() => t.close());

  it('exports an hledger journal that `hledger check` accepts, with the API’s balances', async () => {
    const res = await t.http.get('/api/v1/exports/journal?format=ledger').set(treasurer.auth).expect(200);
    expect(res.headers['content-type']).toMatch(/text\/plain/);
    const file = join(dir, 'books.journal');
    writeFileSync(file, res.text);
    if (!have('hledger')) {
      process.stdout.write('\nEXPORT CHECK NOT RUN: hledger is not installed (apt-get install hledger)\n');
      expect(res.text).toContain('income:donations:bank');
      return;
    }
    execFileSync('hledger', ['-f', file, 'check'], { encoding: 'utf8' });
    execFileSync('hledger', ['-f', file, 'check', 'accounts', 'commodities'], { encoding: 'utf8' });
    const api = await t.http.get('/api/v1/ledger/accounts').set(treasurer.auth).expect(200);
    const { toDecimalString } = await import('../../src/common/money/money.js');
    const expected = new Map<string, bigint>();
    for (const i of api.body.items as { account: string; currency: string; balance: number }[])
      expected.set(`${i.account}|${i.currency}`, (expected.get(`${i.account}|${i.currency}`) ?? 0n) + BigInt(i.balance));
    const want = new Map([...expected].filter(([, v]) => v !== 0n).map(([k, v]) => [k, toDecimalString(v, k.split('|')[1])]));
    expect(Object.fromEntries(hledgerBalances(file))).toEqual(Object.fromEntries(want));
    process.stdout.write(`\nExport: hledger check passed on ${res.text.split('\n').length} lines; ${want.size} account balances equal the API's\n`);
  });

  it('exports Beancount that bean-check accepts', async () => {
    const res = await t.http.get('/api/v1/exports/journal?format=beancount').set(treasurer.auth).expect(200);
    const file = join(dir, 'books.beancount');
    writeFileSync(file, res.text);
    expect(res.text).toContain('Income:Donations:Bank');
    if (!have('bean-check')) {
      process.stdout.write('\nEXPORT CHECK NOT RUN: bean-check is not installed (apt-get install beancount)\n');
      return;
    }
    const run = spawnSync('bean-check', [file], { encoding: 'utf8' });
    expect(run.stderr + run.stdout).toBe('');
    expect(run.status).toBe(0);
  });

  it('exports a date range with balances brought forward, and a CSV with fees on their own rows', async () => {
    const ranged = await t.http.get('/api/v1/exports/journal?format=ledger&from=2026-02-01&to=2026-12-31').set(treasurer.auth).expect(200);
    expect(ranged.text).toContain('equity:opening-balances');
    if (have('hledger')) {
      const file = join(dir, 'range.journal');
      writeFileSync(file, ranged.text);
      execFileSync('hledger', ['-f', file, 'check']);
    }
    const csv = await t.http.get('/api/v1/exports/journal?format=csv&to=2026-01-31').set(treasurer.auth).expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.text.trim().split('\n');
    expect(lines[0]).toBe('date,entry_id,entry_seq,kind,description,account,fund,currency,amount,amount_minor,rate_to_base,donation_id');
    expect(lines.some((l) => l.includes(',expenses:fees:bank,general,EUR,0.45,45,'))).toBe(true);
    expect(lines.some((l) => l.includes('"Donation via bank (Quote ""test"", comma; semicolon)"'))).toBe(true);
    await t.http.get('/api/v1/exports/journal?format=xlsx').set(treasurer.auth).expect(400);
    await t.http.get('/api/v1/exports/journal?from=2026-13-01').set(treasurer.auth).expect(400);
    // A day that does not exist, a year PostgreSQL cannot hold and a range the wrong way round are
    // each named, not answered by the database's generic "out of range" or an empty journal.
    for (const [query, field] of [
      ['from=2026-02-30', 'from'],
      ['from=0000-01-01', 'from'],
      ['from=2026-12-01&to=2026-01-01', 'to'],
    ]) {
      const res = await t.http.get(`/api/v1/exports/journal?format=csv&${query}`).set(treasurer.auth).expect(400);
      expect(res.body.details).toEqual([expect.objectContaining({ field })]);
    }
  });

  it('gives an annual statement net of refunds and queues its email once', async () => {
    const email = `statement-${randomUUID()}@example.org`;
    const a = await t.http
      .post('/api/v1/donations')
      .set(treasurer.auth)
      .send({ channel: 'bank', amount: 1000, currency: 'EUR', receivedAt: '2025-12-31T23:30:00Z', sponsor: { name: 'Sam', email } })
      .expect(201);
    await t.http
      .post('/api/v1/donations')
      .set(treasurer.auth)
      .send({ channel: 'bank', amount: 2000, currency: 'EUR', receivedAt: '2026-01-01T00:30:00Z', sponsorId: a.body.sponsorId })
      .expect(201);
    await t.http
      .post('/api/v1/donations')
      .set(treasurer.auth)
      .send({ channel: 'crypto', amount: 300, currency: 'JPY', receivedAt: '2026-06-01', sponsorId: a.body.sponsorId })
      .expect(201);
    const s = await t.http.get(`/api/v1/sponsors/${a.body.sponsorId}/statement?year=2026`).set(treasurer.auth).expect(200);
    expect(s.body).toMatchObject({
      year: 2026,
      totals: [
        { currency: 'EUR', amount: 2000 },
        { currency: 'JPY', amount: 300 },
      ],
    });
    expect(s.body.donations).toHaveLength(2);
    await t.http.get(`/api/v1/sponsors/${a.body.sponsorId}/statement?year=twenty`).set(treasurer.auth).expect(400);
    const sent = await t.http.post(`/api/v1/sponsors/${a.body.sponsorId}/statement/send?year=2026`).set(treasurer.auth).expect(202);
    expect(sent.body.queued).toBe(true);
    const again = await t.http.post(`/api/v1/sponsors/${a.body.sponsorId}/statement/send?year=2026`).set(treasurer.auth).expect(202);
    expect(again.body.queued).toBe(false);
    const rows = await t.app
      .get(DataSource)
      .query(`SELECT template, recipient, props->>'year' AS year, props->'lines' AS lines FROM email_outbox WHERE dedupe_key = $1`, [`statement:${a.body.sponsorId}:2026`]);
    expect(rows).toEqual([{ template: 'annual-statement', recipient: email, year: '2026', lines: expect.any(Array) }]);
    // The email names fund and channel as a donor would, not by their codes.
    expect(rows[0].lines.map((l: { fund: string; channel: string }) => `${l.fund} / ${l.channel}`)).toEqual(['General fund / bank transfer', 'General fund / cryptocurrency']);
    await t.http.get(`/api/v1/sponsors/${randomUUID()}/statement?year=2026`).set(treasurer.auth).expect(404);
  });
});
