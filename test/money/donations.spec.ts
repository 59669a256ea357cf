import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { audienceSql } from '../../src/updates/audience.js';
import { createTestApp, TestApp } from '../setup/test-app.js';

describe('sponsors, funds and manual donations', () => {
  let t: TestApp;
  let treasurer: { auth: { Authorization: string } };
  let board: { auth: { Authorization: string } };
  beforeAll(async () => {
    t = await createTestApp();
    treasurer = await t.userWith('treasurer');
    board = await t.userWith('board');
  });
  afterAll(() => t.close());

  const email = () => `sponsor-${randomUUID()}@example.org`;

  it('seeds the general and rsoc funds and creates more', async () => {
    const list = await t.http.get('/api/v1/funds').set(board.auth).expect(200);
    expect(list.body.map((f: { code: string }) => f.code)).toEqual(expect.arrayContaining(['general', 'rsoc']));
    const code = `fund-${randomUUID().slice(0, 8)}`;
    const created = await t.http.post('/api/v1/funds').set(treasurer.auth).send({ code, name: 'Build engineer' }).expect(201);
    expect(created.body).toMatchObject({ code, restricted: true, active: true });
    await t.http.post('/api/v1/funds').set(treasurer.auth).send({ code, name: 'Again' }).expect(409);
    await t.http.post('/api/v1/funds').set(board.auth).send({ code: 'x', name: 'Nope' }).expect(403);
  });

  it('keeps sponsor emails unique regardless of case', async () => {
    const e = email();
    const res = await t.http
      .post('/api/v1/sponsors')
      .set(treasurer.auth)
      .send({ name: 'Ada', email: e, locale: 'de', emailPreferences: { receipts: false } })
      .expect(201);
    expect(res.body).toMatchObject({ name: 'Ada', email: e, locale: 'de', emailPreferences: { receipts: false, updates: true } });
    const dup = await t.http.post('/api/v1/sponsors').set(treasurer.auth).send({ name: 'Ada 2', email: e.toUpperCase() }).expect(409);
    expect(dup.body.code).toBe('sponsor_email_taken');
  });

  it('records a bank donation with its ledger entry, fee and receipt, and totals it on the sponsor', async () => {
    const e = email();
    const res = await t.http
      .post('/api/v1/donations')
      .set(treasurer.auth)
      .send({
        channel: 'bank',
        amount: 2500,
        fee: 35,
        currency: 'EUR',
        receivedAt: '2026-03-14T10:00:00Z',
        sponsor: { name: 'Grace', email: e },
        fund: 'rsoc',
        reference: 'SEPA 42',
      })
      .expect(201);
    expect(res.body).toMatchObject({ channel: 'bank', amount: 2500, fee: 35, net: 2465, currency: 'EUR', status: 'succeeded', fund: 'rsoc' });
    expect(res.body.id).toMatch(/^[0-9a-f-]{36}$/);
    const entries = await t.http.get(`/api/v1/ledger/entries?donationId=${res.body.id}`).set(board.auth).expect(200);
    expect(entries.body.total).toBe(1);
    const postings = entries.body.items[0].postings;
    expect(postings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ account: 'assets:bank', fund: 'rsoc', amount: 2465, rate: '1.000000000000' }),
        expect.objectContaining({ account: 'expenses:fees:bank', amount: 35 }),
        expect.objectContaining({ account: 'income:donations:bank', amount: -2500 }),
      ]),
    );
    const sponsor = await t.http.get(`/api/v1/sponsors/${res.body.sponsorId}`).set(board.auth).expect(200);
    expect(sponsor.body.giving).toEqual({
      lifetime: [{ currency: 'EUR', amount: 2500, donations: 1 }],
      byYear: [{ year: 2026, currency: 'EUR', amount: 2500, donations: 1 }],
    });
    const ds = t.app.get(DataSource);
    const outbox = await ds.query(`SELECT template, recipient, locale, props->>'channel' AS channel FROM email_outbox WHERE dedupe_key = $1`, [`receipt:${res.body.id}`]);
    expect(outbox).toEqual([{ template: 'donation-receipt', recipient: e, locale: 'en', channel: 'bank transfer' }]);
  });

  it('a reversed donation counts nowhere: not in the sponsor giving, the annual statement or the sponsor update audience', async () => {
    const e = email();
    const gift = (amount: number, reference: string) => ({
      channel: 'bank',
      amount,
      currency: 'EUR',
      receivedAt: '2018-11-05T10:00:00Z',
      sponsor: { name: 'Typo', email: e },
      reference,
    });
    const kept = await t.http
      .post('/api/v1/donations')
      .set(treasurer.auth)
      .send(gift(7500, `kept-${randomUUID()}`))
      .expect(201);
    const typo = await t.http
      .post('/api/v1/donations')
      .set(treasurer.auth)
      .send(gift(1550, `typo-${randomUUID()}`))
      .expect(201);
    await t.http.post(`/api/v1/donations/${typo.body.id}/reverse`).set(treasurer.auth).send({ reason: 'Recorded twice' }).expect(200);
    const sponsorId: string = kept.body.sponsorId;
    const sponsor = await t.http.get(`/api/v1/sponsors/${sponsorId}`).set(board.auth).expect(200);
    expect(sponsor.body.giving).toEqual({
      lifetime: [{ currency: 'EUR', amount: 7500, donations: 1 }],
      byYear: [{ year: 2018, currency: 'EUR', amount: 7500, donations: 1 }],
    });
    const statement = await t.http.get(`/api/v1/sponsors/${sponsorId}/statement?year=2018`).set(treasurer.auth).expect(200);
    expect(statement.body.totals).toEqual([{ currency: 'EUR', amount: 7500 }]);
    expect(statement.body.donations.map((d: { donationId: string }) => d.donationId)).toEqual([kept.body.id]);
    // A sponsor whose only gift to a fund was reversed is not in that fund's update audience.
    const code = `rev-${randomUUID().slice(0, 8)}`;
    await t.http.post('/api/v1/funds').set(treasurer.auth).send({ code, name: 'Reversed only' }).expect(201);
    const other = await t.http
      .post('/api/v1/donations')
      .set(treasurer.auth)
      .send({ ...gift(900, `fund-${randomUUID()}`), fund: code, sponsor: { name: 'Only typo', email: email() } })
      .expect(201);
    await t.http.post(`/api/v1/donations/${other.body.id}/reverse`).set(treasurer.auth).send({ reason: 'Wrong fund and wrong person' }).expect(200);
    const { where, params } = audienceSql({ kind: 'fund', code });
    const audience = await t.app.get(DataSource).query(`SELECT s.id FROM sponsors s WHERE ${where}`, params);
    expect(audience).toEqual([]);
  });

  it('replays an Idempotency-Key and refuses it with another body', async () => {
    const key = randomUUID();
    const body = { channel: 'crypto', amount: 1000, currency: 'EUR', receivedAt: '2026-04-01' };
    const first = await t.http.post('/api/v1/donations').set(treasurer.auth).set('Idempotency-Key', key).send(body).expect(201);
    const again = await t.http.post('/api/v1/donations').set(treasurer.auth).set('Idempotency-Key', key).send(body).expect(201);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers['idempotent-replayed']).toBe('true');
    await t.http
      .post('/api/v1/donations')
      .set(treasurer.auth)
      .set('Idempotency-Key', key)
      .send({ ...body, amount: 1001 })
      .expect(409);
    const ds = t.app.get(DataSource);
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM journal_entries WHERE donation_id = $1`, [first.body.id]);
    expect(n).toBe(1);
  });

  it('refuses an external id twice per channel but allows it on another channel', async () => {
    const externalId = `ext-${randomUUID()}`;
    const body = { channel: 'bank', amount: 500, currency: 'EUR', receivedAt: '2026-04-02', externalId };
    await t.http.post('/api/v1/donations').set(treasurer.auth).send(body).expect(201);
    const dup = await t.http.post('/api/v1/donations').set(treasurer.auth).send(body).expect(409);
    expect(dup.body.code).toBe('donation_duplicate');
    await t.http
      .post('/api/v1/donations')
      .set(treasurer.auth)
      .send({ ...body, channel: 'crypto' })
      .expect(201);
  });

  it.each([
    [{ amount: 10.5 }, 'amount'],
    [{ amount: -1 }, 'amount'],
    [{ currency: 'XYZ' }, 'currency'],
    [{ channel: 'stripe' }, 'channel'],
    [{ receivedAt: '2026-02-30' }, 'receivedAt'],
    [{ receivedAt: '2026-06' }, 'receivedAt'],
    [{ receivedAt: '2026-W23' }, 'receivedAt'],
    [{ receivedAt: '2026' }, 'receivedAt'],
    [{ fund: 'no-such-fund' }, 'fund'],
    [{ fee: 501 }, 'fee'],
    [{ surprise: 1 }, 'surprise'],
  ])('answers 400 naming the field for %j and writes nothing', async (patch, field) => {
    const ds = t.app.get(DataSource);
    const [{ n: before }] = await ds.query(`SELECT count(*)::int AS n FROM donations`);
    const res = await t.http
      .post('/api/v1/donations')
      .set(treasurer.auth)
      .send({ channel: 'bank', amount: 500, currency: 'EUR', receivedAt: '2026-04-02', ...patch })
      .expect(400);
    expect(JSON.stringify(res.body.details ?? res.body.message)).toContain(field);
    const [{ n: after }] = await ds.query(`SELECT count(*)::int AS n FROM donations`);
    expect(after).toBe(before);
  });

  it('lists with filters', async () => {
    const e = email();
    const mk = (over: object) =>
      t.http
        .post('/api/v1/donations')
        .set(treasurer.auth)
        .send({ channel: 'bank', amount: 700, currency: 'EUR', receivedAt: '2025-06-15T12:00:00Z', sponsor: { name: 'Lin', email: e }, ...over })
        .expect(201);
    const a = await mk({});
    await mk({ channel: 'crypto', receivedAt: '2025-07-01T00:00:00Z', fund: 'rsoc' });
    const sponsorId = a.body.sponsorId;
    const all = await t.http.get(`/api/v1/donations?sponsorId=${sponsorId}`).set(board.auth).expect(200);
    expect(all.body.total).toBe(2);
    const bank = await t.http.get(`/api/v1/donations?sponsorId=${sponsorId}&channel=bank`).set(board.auth).expect(200);
    expect(bank.body.items.map((d: { id: string }) => d.id)).toEqual([a.body.id]);
    const june = await t.http.get(`/api/v1/donations?sponsorId=${sponsorId}&from=2025-06-01&to=2025-06-15`).set(board.auth).expect(200);
    expect(june.body.total).toBe(1);
    const rsoc = await t.http.get(`/api/v1/donations?sponsorId=${sponsorId}&fund=rsoc&status=succeeded&reconciled=false`).set(board.auth).expect(200);
    expect(rsoc.body.total).toBe(1);
    await t.http.get(`/api/v1/donations?reconciled=maybe`).set(board.auth).expect(400);
    await t.http.get(`/api/v1/donations?limit=201`).set(board.auth).expect(400);
    // A page past any real list is named, not passed on to PostgreSQL's OFFSET as a number it cannot hold.
    for (const [url, code] of [
      ['/api/v1/donations?page=99999999999999999999', 400],
      ['/api/v1/donations?page=9007199254740993', 400],
      ['/api/v1/audit?page=100000000000000000', 400],
      ['/api/v1/donations?page=1000000', 200],
    ] as const) {
      const res = await t.http
        .get(url)
        .set((await t.userWith('admin')).auth)
        .expect(code);
      if (code === 400) expect(res.body.details).toEqual([{ field: 'page', message: 'page must not be greater than 1000000' }]);
      else expect(res.body.items).toEqual([]);
    }
  });

  it('from/to take a date YYYY-MM-DD or a full date-time only: other ISO 8601 forms answer 400 naming the field, not 500', async () => {
    for (const bad of ['2026', '2026-06', '2026-W01', '2026-123', '2026-02-30', '2026-06-01T25:00Z']) {
      for (const field of ['from', 'to']) {
        const res = await t.http
          .get(`/api/v1/donations?${field}=${encodeURIComponent(bad)}`)
          .set(board.auth)
          .expect(400);
        expect(JSON.stringify(res.body)).toContain(field);
      }
    }
    await t.http
      .get(`/api/v1/donations?from=2026-06-01&to=${encodeURIComponent('2026-06-30T23:59:59+02:00')}`)
      .set(board.auth)
      .expect(200);
    await t.http.get(`/api/v1/donations?from=2026-06-01T10:00Z`).set(board.auth).expect(200);
  });

  it('pages by keyset with the next cursor, the same rows as page and limit, and an exact total for a short list', async () => {
    const e = email();
    // Two at the same instant: the id breaks the tie, so neither is skipped or repeated.
    let sponsorId = '';
    for (const at of ['2025-03-01T10:00:00.000001Z', '2025-03-01T10:00:00.000001Z', '2025-03-02T10:00:00Z', '2025-02-27T10:00:00Z', '2025-03-05T10:00:00Z']) {
      const created = await t.http
        .post('/api/v1/donations')
        .set(treasurer.auth)
        .send({ channel: 'bank', amount: 500, currency: 'EUR', receivedAt: at, sponsor: { name: 'Kim', email: e } })
        .expect(201);
      sponsorId = created.body.sponsorId;
    }
    const byPage = await Promise.all([1, 2, 3].map((page) => t.http.get(`/api/v1/donations?sponsorId=${sponsorId}&limit=2&page=${page}`).set(board.auth).expect(200)));
    expect(byPage[0].body).toMatchObject({ total: 5, totalIsEstimate: false, page: 1, limit: 2 });
    const ids: string[] = [];
    let next: string | null = null;
    do {
      const res: { body: { items: { id: string }[]; next: string | null } } = await t.http
        .get(`/api/v1/donations?sponsorId=${sponsorId}&limit=2${next ? `&after=${next}` : ''}`)
        .set(board.auth)
        .expect(200);
      ids.push(...res.body.items.map((d) => d.id));
      next = res.body.next;
    } while (next);
    expect(ids).toEqual(byPage.flatMap((r) => r.body.items.map((d: { id: string }) => d.id)));
    expect(new Set(ids).size).toBe(5);
    const bad = await t.http
      .get(`/api/v1/donations?after=${Buffer.from('yesterday|me').toString('base64url')}`)
      .set(board.auth)
      .expect(400);
    expect(bad.body.message).toMatch(/after must be the next cursor/);
  });

  it('moves a donation to another fund with a reclassification entry', async () => {
    const d = await t.http.post('/api/v1/donations').set(treasurer.auth).send({ channel: 'bank', amount: 900, fee: 10, currency: 'EUR', receivedAt: '2026-01-05' }).expect(201);
    const moved = await t.http.post(`/api/v1/donations/${d.body.id}/fund`).set(treasurer.auth).send({ fund: 'rsoc' }).expect(200);
    expect(moved.body.fund).toBe('rsoc');
    const entries = await t.http.get(`/api/v1/ledger/entries?donationId=${d.body.id}`).set(board.auth).expect(200);
    expect(entries.body.total).toBe(2);
    const sums = new Map<string, number>();
    for (const e of entries.body.items) for (const p of e.postings) sums.set(`${p.account}/${p.fund}`, (sums.get(`${p.account}/${p.fund}`) ?? 0) + p.amount);
    expect(sums.get('assets:bank/general')).toBe(0);
    expect(sums.get('assets:bank/rsoc')).toBe(890);
    expect(sums.get('income:donations:bank/rsoc')).toBe(-900);
  });

  it('records the rate to the base currency with each posting and converts balances with it', async () => {
    const code = `fx-${randomUUID().slice(0, 8)}`;
    await t.http.post('/api/v1/funds').set(treasurer.auth).send({ code, name: 'FX test' }).expect(201);
    await t.http
      .post('/api/v1/donations')
      .set(treasurer.auth)
      .send({ channel: 'bank', amount: 10_000, currency: 'USD', receivedAt: '2026-02-02', fund: code, rateToBase: '0.9235' })
      .expect(201);
    await t.http.post('/api/v1/donations').set(treasurer.auth).send({ channel: 'bank', amount: 5000, currency: 'EUR', receivedAt: '2026-02-02', fund: code }).expect(201);
    const res = await t.http.get(`/api/v1/ledger/accounts?fund=${code}`).set(board.auth).expect(200);
    expect(res.body.baseCurrency).toBe('EUR');
    expect(res.body.items).toEqual([
      { account: 'assets:bank', fund: code, currency: 'EUR', balance: 5000, baseBalance: 5000, postings: 1 },
      { account: 'assets:bank', fund: code, currency: 'USD', balance: 10_000, baseBalance: 9235, postings: 1 },
      { account: 'income:donations:bank', fund: code, currency: 'EUR', balance: -5000, baseBalance: -5000, postings: 1 },
      { account: 'income:donations:bank', fund: code, currency: 'USD', balance: -10_000, baseBalance: -9235, postings: 1 },
    ]);
  });
});
