import { TransactionService } from '../../src/database/transaction.service.js';
import { EmailTemplate } from '../../src/email/email-template.js';
import { OutboxWorker } from '../../src/email/outbox-worker.service.js';
import { createTestApp, TestApp } from '../setup/test-app.js';
import { address, enqueue, parkOtherEmails, rows } from './email-kit.js';
import { SmtpSink } from './smtp-sink.js';

describe('email delivery log, retry and previews', () => {
  let sink: SmtpSink;
  let t: TestApp;
  let admin: Awaited<ReturnType<TestApp['userWith']>>;
  let treasurer: Awaited<ReturnType<TestApp['userWith']>>;
  let board: Awaited<ReturnType<TestApp['userWith']>>;
  beforeAll(async () => {
    sink = await SmtpSink.start();
    t = await createTestApp({ SMTP_URL: sink.url });
    await parkOtherEmails(t.app);
    [admin, treasurer, board] = [await t.userWith('admin'), await t.userWith('treasurer'), await t.userWith('board')];
  });
  afterAll(async () => {
    await t.close();
    await sink.stop();
  });

  it('lists deliveries with status, attempts and the server answer, filtered and paginated', async () => {
    const to = address('Log.Reader');
    const [ok, bounced] = await enqueue(t.app, [
      { template: EmailTemplate.DonationReceipt, to },
      { template: EmailTemplate.DonationReceipt, to: address('log', 'bounce.test') },
    ]);
    await t.app.get(OutboxWorker).drain();

    // Addresses of every recipient: the admin's alone (SPEC §9).
    await t.http.get('/api/v1/emails').set(treasurer.auth).expect(403);
    await t.http.get('/api/v1/emails').set(board.auth).expect(403);
    const mine = await t.http.get('/api/v1/emails').query({ recipient: to.toLowerCase() }).set(admin.auth).expect(200);
    expect(mine.body).toMatchObject({ total: 1, page: 1, limit: 50 });
    expect(mine.body.items[0]).toMatchObject({
      id: ok.id,
      template: 'donation-receipt',
      recipient: to,
      status: 'sent',
      attempts: 1,
      lastError: null,
      messageId: ok.messageId,
      response: expect.stringMatching(/^250 /),
      nextAttemptAt: null,
    });
    expect(mine.body.items[0].props).toBeUndefined();

    const failed = await t.http.get('/api/v1/emails').query({ status: 'failed', template: 'donation-receipt', limit: 200 }).set(admin.auth).expect(200);
    expect(failed.body.items.find((e: { id: string }) => e.id === bounced.id)).toMatchObject({ status: 'failed', lastError: expect.stringMatching(/^550 /) });
    expect(failed.body.items.every((e: { status: string }) => e.status === 'failed')).toBe(true);

    const bad = await t.http.get('/api/v1/emails').query({ status: 'lost', limit: 500 }).set(admin.auth).expect(400);
    expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['limit', 'status']);
    await t.http.get('/api/v1/emails').query({ template: 'nope' }).set(admin.auth).expect(400);
    await t.http.get('/api/v1/emails').expect(401);
  });

  it('lets an admin send a failed email again, audited; nothing else can be retried', async () => {
    const [q] = await enqueue(t.app, [{ template: EmailTemplate.MilestoneDue, to: address('retry', 'bounce.test') }]);
    await t.app.get(OutboxWorker).drain();
    expect((await rows(t.app, [q.id]))[0].status).toBe('failed');

    await t.http.post(`/api/v1/emails/${q.id}/retry`).set(board.auth).expect(403);
    await t.http.post(`/api/v1/emails/${q.id}/retry`).set(treasurer.auth).expect(403);
    const retried = await t.http.post(`/api/v1/emails/${q.id}/retry`).set(admin.auth).expect(200);
    expect(retried.body).toMatchObject({ id: q.id, status: 'queued', attempts: 0, lastError: expect.stringMatching(/^550 /) });
    const conflict = await t.http.post(`/api/v1/emails/${q.id}/retry`).set(admin.auth).expect(409);
    expect(conflict.body).toMatchObject({ code: 'email_not_retryable', message: expect.stringContaining('is queued') });

    const audit = await t.http.get('/api/v1/audit').query({ entity: 'email', entityId: q.id }).set(admin.auth).expect(200);
    expect(audit.body.items[0]).toMatchObject({
      action: 'email.retry',
      actorEmail: admin.email,
      before: { status: 'failed', attempts: 1 },
      after: { status: 'queued', attempts: 0 },
    });

    // Fixed at the receiving end (here: the row's address), the retry goes out.
    await t.app.get(TransactionService).run((m) => m.query(`UPDATE email_outbox SET recipient = $2 WHERE id = $1`, [q.id, address('fixed')]));
    await t.app.get(OutboxWorker).drain();
    expect((await rows(t.app, [q.id]))[0]).toMatchObject({ status: 'sent', attempts: 1 });
    expect(sink.counts().get(q.messageId)).toBe(1);

    await t.http.post('/api/v1/emails/00000000-0000-4000-8000-000000000000/retry').set(admin.auth).expect(404);
    await t.http.post('/api/v1/emails/not-a-uuid/retry').set(admin.auth).expect(400);
  });

  it('previews every template in each language with sample props', async () => {
    for (const template of Object.values(EmailTemplate)) {
      const res = await t.http.get(`/api/v1/emails/templates/${template}/preview`).query({ locale: 'de' }).set(board.auth).expect(200);
      expect(res.body).toMatchObject({
        template,
        locale: 'de',
        subject: expect.any(String),
        html: expect.stringContaining('<html lang="de">'),
        text: expect.stringContaining('Hallo'),
      });
    }
    const en = await t.http.get('/api/v1/emails/templates/donation-receipt/preview').set(admin.auth).expect(200);
    expect(en.body.subject).toBe('Thank you for your donation of €25.00');
    expect(en.body.text).toContain('Unsubscribe from emails like this: http://coffer.test/unsubscribe/preview-only');
    const fr = await t.http.get('/api/v1/emails/templates/donation-receipt/preview').query({ locale: 'fr' }).set(admin.auth).expect(200);
    expect(fr.body.locale).toBe('en');
    const unknown = await t.http.get('/api/v1/emails/templates/no-such-email/preview').set(admin.auth).expect(404);
    expect(unknown.body).toMatchObject({ code: 'email_template_not_found' });
    await t.http.get('/api/v1/emails/templates/donation-receipt/preview').expect(401);
  });
});
