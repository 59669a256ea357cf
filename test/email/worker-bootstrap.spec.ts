import { EmailTemplate } from '../../src/email/email-template.js';
import { createTestApp, TestApp } from '../setup/test-app.js';
import { address, enqueue, parkOtherEmails, rows } from './email-kit.js';
import { SmtpSink } from './smtp-sink.js';

describe('the outbox worker as the app runs it (EMAIL_WORKER=on)', () => {
  let sink: SmtpSink;
  let t: TestApp;
  beforeAll(async () => {
    sink = await SmtpSink.start();
    t = await createTestApp({ SMTP_URL: sink.url, EMAIL_WORKER: 'on', EMAIL_POLL_MS: '50', EMAIL_RETRY_BASE_MS: '200' });
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
    // Generous: under a loaded CI machine rendering 30 digests took longer than 10 s once; a send that
    // fails once is retried after EMAIL_RETRY_BASE_MS (200 ms here, 30 s by default).
    const deadline = Date.now() + 40_000;
    while (
      (
        await rows(
          t.app,
          queued.map((q) => q.id),
        )
      ).some((r) => r.status !== 'sent')
    ) {
      if (Date.now() > deadline) {
        const left = await rows(
          t.app,
          queued.map((q) => q.id),
        );
        throw new Error(`the worker did not send within 40 s: ${JSON.stringify(left.filter((r) => r.status !== 'sent'))}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    const counts = sink.counts();
    expect(queued.every((q) => counts.get(q.messageId) === 1)).toBe(true);
  }, 60_000);
});
