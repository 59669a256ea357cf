import { EmailTemplate } from '../../src/email/email-template.js';
import { createTestApp, TestApp } from '../setup/test-app.js';
import { address, enqueue, parkOtherEmails, rows } from './email-kit.js';
import { SmtpSink } from './smtp-sink.js';

describe('the outbox worker as the app runs it (EMAIL_WORKER=on)', () => {
  let sink: SmtpSink;
  let t: TestApp;
  beforeAll(async () => {
    sink = await SmtpSink.start();
    t = await createTestApp({ SMTP_URL: sink.url, EMAIL_WORKER: 'on', EMAIL_POLL_MS: '50' });
    await parkOtherEmails(t.app);
  });
  afterAll(async () => {
    await t.close();
    await sink.stop();
  });

  it('sends what is queued without anyone draining, and stops with the app', async () => {
    const queued = await enqueue(
      t.app,
      Array.from({ length: 30 }, (_, i) => ({ template: EmailTemplate.ReviewDigest, to: address(`boot-${i}`) })),
    );
    const deadline = Date.now() + 10_000;
    while (
      (
        await rows(
          t.app,
          queued.map((q) => q.id),
        )
      ).some((r) => r.status !== 'sent')
    ) {
      if (Date.now() > deadline) throw new Error('the worker did not send within 10 s');
      await new Promise((r) => setTimeout(r, 50));
    }
    const counts = sink.counts();
    expect(queued.every((q) => counts.get(q.messageId) === 1)).toBe(true);
  });
});
