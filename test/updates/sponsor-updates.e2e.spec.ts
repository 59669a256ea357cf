import { randomUUID } from 'node:crypto';
import { TransactionService } from '../../src/database/transaction.service.js';
import { OutboxWorker } from '../../src/email/outbox-worker.service.js';
import { SuppressionService } from '../../src/email/suppression.service.js';
import { parkOtherEmails } from '../email/email-kit.js';
import { SmtpSink } from '../email/smtp-sink.js';
import { createTestApp, TestApp } from '../setup/test-app.js';

/**
 * Sponsor updates end to end: drafted by the board, previewed as a sponsor, sent through a
 * real SMTP server. The fund is new for this file, so the audience `fund:<code>` holds exactly
 * the sponsors made here even though the database is shared with other files.
 */
describe('sponsor updates', () => {
  let sink: SmtpSink;
  let t: TestApp;
  let board: Awaited<ReturnType<TestApp['userWith']>>;
  let board2: Awaited<ReturnType<TestApp['userWith']>>;
  let treasurer: Awaited<ReturnType<TestApp['userWith']>>;
  const fund = `upd-${randomUUID().slice(0, 8)}`;
  const sponsors: Record<'ada' | 'lukas' | 'quiet' | 'gone', { id: string; email: string }> = {} as never;

  beforeAll(async () => {
    sink = await SmtpSink.start({ keepRaw: true });
    t = await createTestApp({ SMTP_URL: sink.url });
    await parkOtherEmails(t.app);
    [board, board2, treasurer] = [await t.userWith('board'), await t.userWith('board'), await t.userWith('treasurer')];
    await t.http.post('/api/v1/funds').set(treasurer.auth).send({ code: fund, name: 'Update test fund' }).expect(201);
    const make = async (key: keyof typeof sponsors, body: Record<string, unknown>, amount: number) => {
      const email = `${key}-${randomUUID().slice(0, 8)}@example.test`;
      const res = await t.http
        .post('/api/v1/sponsors')
        .set(treasurer.auth)
        .send({ email, ...body })
        .expect(201);
      sponsors[key] = { id: res.body.id, email };
      await t.http
        .post('/api/v1/donations')
        .set(treasurer.auth)
        .send({ channel: 'bank', amount, currency: 'EUR', receivedAt: '2024-02-14T10:00:00Z', sponsorId: res.body.id, fund, reference: `upd ${key}` })
        .expect(201);
    };
    await make('ada', { name: 'Ada Lovelace', locale: 'en' }, 10_000);
    await make('lukas', { name: 'Lukas Schmidt', locale: 'de' }, 5_000);
    await make('quiet', { name: 'Quiet Donor', emailPreferences: { receipts: true, updates: false } }, 700);
    await make('gone', { name: 'Gone Donor' }, 300);
    await t.app.get(SuppressionService).suppress(sponsors.gone.email, 'all', 'link');
  });
  afterAll(async () => {
    await t.close();
    await sink.stop();
  });

  const draft = {
    subject: 'What your support built in March',
    body: '# Signals\n\nSignals now work across **exec**.<script>alert(1)</script>',
    audience: '',
    includeImpactSummary: true,
    period: { from: '2024-02-01', to: '2024-02-29' },
    translations: { de: { subject: 'Was Ihre Unterstützung im März bewirkt hat', body: 'Signale funktionieren jetzt auch über **exec** hinweg.' } },
  };

  it('refuses what it cannot send, naming the field, and writes nothing', async () => {
    const before = await t.app.get(TransactionService).manager.query(`SELECT count(*)::int AS n FROM sponsor_updates`);
    const cases: [Record<string, unknown>, number, string][] = [
      [{ ...draft, audience: 'everyone' }, 400, 'audience'],
      [{ ...draft, audience: 'fund:no-such-fund' }, 400, 'audience'],
      [{ ...draft, audience: 'all', subject: 'Hi\r\nBcc: victim@example.test' }, 400, 'subject'],
      [{ ...draft, audience: 'all', period: { from: '2024-03-01', to: '2024-02-01' } }, 400, 'period'],
      [{ ...draft, audience: 'all', translations: { fr: { subject: 'x', body: 'y' } } }, 400, 'translations'],
    ];
    for (const [body, status, field] of cases) {
      const res = await t.http.post('/api/v1/updates').set(board.auth).send(body);
      expect([res.status, JSON.stringify(res.body)]).toEqual([status, expect.stringContaining(field)]);
    }
    await t.http
      .post('/api/v1/updates')
      .set(treasurer.auth)
      .send({ ...draft, audience: 'all' })
      .expect(403);
    const after = await t.app.get(TransactionService).manager.query(`SELECT count(*)::int AS n FROM sponsor_updates`);
    expect(after).toEqual(before);
  });

  it('previews as a sponsor in their language, with the impact summary from the books and a sanitised body', async () => {
    const created = await t.http
      .post('/api/v1/updates')
      .set(board.auth)
      .send({ ...draft, audience: `fund:${fund}` })
      .expect(201);
    expect(created.body).toMatchObject({ id: expect.any(String), audience: `fund:${fund}`, sentAt: null, translations: { de: draft.translations.de } });
    // A draft is edited under the same rules as it was written.
    const bad = await t.http.patch(`/api/v1/updates/${created.body.id}`).set(board.auth).send({ subject: 'Hi\r\nBcc: x@example.test' }).expect(400);
    expect(JSON.stringify(bad.body)).toContain('subject');
    await t.http.patch(`/api/v1/updates/${created.body.id}`).set(board.auth).send({ audience: 'everyone' }).expect(400);
    const de = await t.http.get(`/api/v1/updates/${created.body.id}/preview?sponsorId=${sponsors.lukas.id}`).set(board.auth).expect(200);
    expect(de.body.locale).toBe('de');
    expect(de.body.to).toBe(sponsors.lukas.email);
    expect(de.body.subject).toBe(draft.translations.de.subject);
    expect(de.body.text).toContain('Lukas Schmidt');
    expect(de.body.text).toContain('Signale funktionieren jetzt auch über exec hinweg.');
    expect(de.body.text).toMatch(/Spenden vom 01\.02\.2024 bis 29\.02\.2024: 160,00\s€/);
    expect(de.body.text).toMatch(/Unterstützer, die gespendet haben: 4/);
    const en = await t.http.get(`/api/v1/updates/${created.body.id}/preview?locale=en`).set(board.auth).expect(200);
    expect(en.body.html).toContain('<h2>Signals</h2>');
    expect(en.body.html).not.toContain('<script>');
    expect(en.body.text).toMatch(/by bank transfer: €160\.00/);
  });

  it('the impact summary equals the ledger', async () => {
    const created = await t.http
      .post('/api/v1/updates')
      .set(board.auth)
      .send({ ...draft, audience: `fund:${fund}` })
      .expect(201);
    const ledger: { currency: string; amount: string }[] = await t.app.get(TransactionService).manager.query(
      `SELECT p.currency, (-sum(p.amount))::text AS amount FROM postings p JOIN journal_entries e ON e.id = p.entry_id
        WHERE p.account = 'income:donations:bank' AND e.effective_date BETWEEN '2024-02-01' AND '2024-02-29' GROUP BY 1`,
    );
    await t.http.post(`/api/v1/updates/${created.body.id}/send`).set(board.auth).expect(200);
    const sent = await t.http.get(`/api/v1/updates/${created.body.id}`).set(board.auth).expect(200);
    expect(sent.body.impact.donations).toEqual(ledger.map((l) => ({ channel: 'bank', ...l })));
    expect(sent.body.impact.donations).toEqual([{ channel: 'bank', currency: 'EUR', amount: '16000' }]);
  });

  it('sent twice at once by two board members, reaches each opted-in sponsor once, with one-click unsubscribe', async () => {
    const subject = `Race ${randomUUID().slice(0, 8)}`;
    const only = { ...draft, subject, translations: { de: { ...draft.translations.de, subject: `Wettlauf ${subject}` } } };
    const created = await t.http
      .post('/api/v1/updates')
      .set(board.auth)
      .send({ ...only, includeImpactSummary: false, audience: `fund:${fund}` })
      .expect(201);
    const id: string = created.body.id;
    const [a, b] = await Promise.all([t.http.post(`/api/v1/updates/${id}/send`).set(board.auth), t.http.post(`/api/v1/updates/${id}/send`).set(board2.auth)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect([a.body.queued, b.body.queued].sort()).toEqual([0, 2]);
    expect((await t.http.post(`/api/v1/updates/${id}/send`).set(board.auth).expect(200)).body.queued).toBe(0);
    await t.http.patch(`/api/v1/updates/${id}`).set(board.auth).send({ subject: 'Too late' }).expect(409);

    await t.app.get(OutboxWorker).drain();
    const mine = sink.received.filter((r) => r.raw?.includes(subject.split(' ')[1]));
    const to = mine.flatMap((r) => r.to).sort();
    expect(to).toEqual([sponsors.ada.email, sponsors.lukas.email].sort());
    for (const r of mine) {
      expect(r.raw).toMatch(/^List-Unsubscribe:\s+<http:\/\/coffer\.test\/[^>]*unsubscribe\/[\w.-]+>/m);
      expect(r.raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click/m);
    }
    const got = await t.http.get(`/api/v1/updates/${id}`).set(board.auth).expect(200);
    expect(got.body).toMatchObject({ queued: 2, delivery: { delivered: 2, pending: 0, failed: 0, suppressed: 0, unsubscribed: 0 } });
    process.stdout.write(
      `Sponsor update: 2 concurrent sends → queued ${a.body.queued}+${b.body.queued}, ${mine.length} emails received, opted-out and suppressed sponsors got 0\n`,
    );
  });
});
