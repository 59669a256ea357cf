import { EmailTemplate } from '../../src/email/email-template.js';
import { OutboxWorker } from '../../src/email/outbox-worker.service.js';
import { createTestApp, TestApp } from '../setup/test-app.js';
import { address, enqueue, parkOtherEmails, rows } from './email-kit.js';
import { SmtpSink } from './smtp-sink.js';

describe('R5: two outbox workers racing', () => {
  let sink: SmtpSink;
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    sink = await SmtpSink.start({ keepRaw: false });
    // Two app instances: separate connection pools, separate SMTP pools, one database.
    const settings = { SMTP_URL: sink.url, EMAIL_BATCH_SIZE: '20', EMAIL_CONCURRENCY: '4' };
    a = await createTestApp(settings);
    b = await createTestApp(settings);
    await parkOtherEmails(a.app);
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await sink.stop();
  });

  it('delivers each of 500 queued emails exactly once', async () => {
    const queued = await enqueue(
      a.app,
      Array.from({ length: 500 }, (_, i) => ({
        template: i % 5 ? EmailTemplate.DonationReceipt : EmailTemplate.SponsorUpdate,
        to: address(`r5-${i}`),
        category: i % 5 ? undefined : ('bulk' as const),
      })),
    );
    const [ra, rb] = await Promise.all([a.app.get(OutboxWorker).drain(), b.app.get(OutboxWorker).drain()]);

    const counts = sink.counts();
    const once = queued.filter((q) => counts.get(q.messageId) === 1).length;
    const duplicates = queued.reduce((sum, q) => sum + Math.max(0, (counts.get(q.messageId) ?? 0) - 1), 0);
    const final = await rows(
      a.app,
      queued.map((q) => q.id),
    );
    expect(final.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
    expect(once).toBe(500);
    expect(duplicates).toBe(0);
    expect(ra.sent + rb.sent).toBeGreaterThanOrEqual(500);
    expect(ra.sent).toBeGreaterThan(0);
    expect(rb.sent).toBeGreaterThan(0);
    process.stdout.write(`\nR5 two outbox workers: 500 emails, worker A sent ${ra.sent}, worker B sent ${rb.sent}, ${once} delivered once, ${duplicates} duplicates\n`);
  });
});
