import { randomUUID } from 'node:crypto';
import { TransactionService } from '../../src/database/transaction.service.js';
import { EmailTemplate } from '../../src/email/email-template.js';
import { OutboxStore } from '../../src/email/outbox-store.js';
import { OutboxWorker } from '../../src/email/outbox-worker.service.js';
import { createTestApp, TestApp } from '../setup/test-app.js';
import { address, drainUntilSettled, enqueue, FAST_RETRIES, parkOtherEmails, rows } from './email-kit.js';
import { SmtpSink } from './smtp-sink.js';

describe('outbox delivery through a real SMTP server', () => {
  let sink: SmtpSink;
  let t: TestApp;
  beforeAll(async () => {
    sink = await SmtpSink.start();
    t = await createTestApp({ SMTP_URL: sink.url, ...FAST_RETRIES, EMAIL_BATCH_SIZE: '20', EMAIL_CONCURRENCY: '4' });
    await parkOtherEmails(t.app);
  });
  afterAll(async () => {
    await t.close();
    await sink.stop();
  });
  beforeEach(() => {
    sink.mode = 'accept';
    sink.dropsLeft = 0;
    sink.tempFailsLeft = 0;
  });

  it('R3: survives 421 refusals and dropped connections, delivers each email once, fails 5xx for good', async () => {
    const good = await enqueue(t.app, [
      ...Array.from({ length: 40 }, (_, i) => ({ template: EmailTemplate.DonationReceipt, to: address(`r3-${i}`), locale: i % 2 ? ('de' as const) : ('en' as const) })),
      ...Array.from({ length: 20 }, (_, i) => ({ template: EmailTemplate.SponsorUpdate, to: address(`r3-bulk-${i}`), category: 'bulk' as const })),
    ]);
    const bad = await enqueue(
      t.app,
      Array.from({ length: 5 }, (_, i) => ({ template: EmailTemplate.InterestReceived, to: address(`r3-gone-${i}`, 'bounce.test') })),
    );
    const all = [...good, ...bad];

    // Outage: every connection is refused with 421, so every email waits for a retry.
    sink.mode = 'refuse';
    const worker = t.app.get(OutboxWorker);
    const first = await worker.drainOnce(100);
    expect(first.claimed).toBeGreaterThanOrEqual(all.length);
    expect(
      (
        await rows(
          t.app,
          all.map((q) => q.id),
        )
      ).every((r) => r.status === 'queued' && r.attempts === 1 && /421/.test(r.last_error ?? '')),
    ).toBe(true);
    expect(sink.received).toHaveLength(0);

    // Partial recovery: the server accepts connections but drops some mid-DATA and answers
    // some recipients 451; then it recovers fully.
    sink.mode = 'accept';
    sink.dropsLeft = 6;
    sink.tempFailsLeft = 8;
    await drainUntilSettled(
      t.app,
      all.map((q) => q.id),
    );

    const final = new Map(
      (
        await rows(
          t.app,
          all.map((q) => q.id),
        )
      ).map((r) => [r.id, r]),
    );
    const counts = sink.counts();
    const deliveredOnce = good.filter((q) => counts.get(q.messageId) === 1).length;
    const duplicates = good.reduce((sum, q) => sum + Math.max(0, (counts.get(q.messageId) ?? 0) - 1), 0);
    const failed = bad.filter((q) => final.get(q.id)!.status === 'failed');
    const retriedGood = good.filter((q) => final.get(q.id)!.attempts > 1).length;
    const attempts = [...final.values()].reduce((sum, r) => sum + r.attempts, 0);

    expect(good.every((q) => final.get(q.id)!.status === 'sent')).toBe(true);
    expect(deliveredOnce).toBe(good.length);
    expect(duplicates).toBe(0);
    expect(failed).toHaveLength(bad.length);
    for (const q of bad) {
      const row = final.get(q.id)!;
      expect(row.last_error).toMatch(/^550 5\.1\.1 Mailbox does not exist/);
      // One attempt lost to the outage, then refused for good: never retried again.
      expect(row.attempts).toBe(2);
      expect(counts.has(q.messageId)).toBe(false);
    }
    expect(sink.droppedMessages).toBe(6);

    // Nothing comes back: a failed email is not retried by later rounds.
    await worker.drain();
    expect(
      (
        await rows(
          t.app,
          bad.map((q) => q.id),
        )
      ).every((r) => r.status === 'failed' && r.attempts === 2),
    ).toBe(true);

    process.stdout.write(
      `\nR3 smtp outage: ${all.length} emails, ${deliveredOnce} delivered once, ${duplicates} duplicates, ${failed.length} permanent failures marked failed ` +
        `(${sink.refusedConnections} connections refused with 421, ${sink.droppedMessages} connections dropped mid-DATA, 8 recipients answered 451, ` +
        `${retriedGood} emails retried, ${attempts} attempts in all)\n`,
    );
  });

  it('resends an email whose worker died mid-send after its lease runs out, with the same Message-ID, and ignores the dead claim', async () => {
    const [q] = await enqueue(t.app, [{ template: EmailTemplate.MilestoneDue, to: address('lease') }]);
    const store = t.app.get(OutboxStore);
    const deadClaim = randomUUID();
    const claimed = await store.claim(1000, deadClaim, 60);
    expect(claimed.map((c) => c.id)).toContain(q.id);
    // Claimed rows are invisible to other workers while the lease runs.
    expect((await t.app.get(OutboxWorker).drainOnce()).claimed).toBe(0);

    // The worker "crashes"; its lease runs out.
    await t.app
      .get(TransactionService)
      .run((m) => m.query(`UPDATE email_outbox SET locked_until = now() - interval '1 second', next_attempt_at = now() - interval '1 second' WHERE claim_token = $1`, [deadClaim]));
    const result = await t.app.get(OutboxWorker).drain();
    expect(result.sent).toBeGreaterThanOrEqual(1);
    const [row] = await rows(t.app, [q.id]);
    expect(row).toMatchObject({ status: 'sent', attempts: 2 });
    expect(sink.counts().get(q.messageId)).toBe(1);

    // The dead worker wakes up and reports a failure: the newer claim's outcome stands.
    await store.markFailed(q.id, deadClaim, 'stale worker');
    expect((await rows(t.app, [q.id]))[0]).toMatchObject({ status: 'sent' });
  });

  it('marks an email whose props cannot render failed at once, naming the problem', async () => {
    const [q] = await enqueue(t.app, [{ template: EmailTemplate.RunwayAlert, to: address('render'), props: { boardMemberName: 'Grace' } as never }]);
    await t.app.get(OutboxWorker).drain();
    const [row] = await rows(t.app, [q.id]);
    expect(row.status).toBe('failed');
    expect(row.attempts).toBe(1);
    expect(row.last_error).toMatch(/cannot render: runway-alert\/subject \(en\): "(fund|monthsOfRunway)" not defined/);
  });

  it('gives up on temporary failures after EMAIL_MAX_ATTEMPTS', async () => {
    const capped = await createTestApp({ SMTP_URL: sink.url, EMAIL_RETRY_BASE_MS: '1', EMAIL_RETRY_MAX_MS: '5', EMAIL_MAX_ATTEMPTS: '3' });
    try {
      const [q] = await enqueue(capped.app, [{ template: EmailTemplate.ReviewDigest, to: address('capped') }]);
      sink.mode = 'refuse';
      await drainUntilSettled(capped.app, [q.id]);
      const [row] = await rows(capped.app, [q.id]);
      expect(row).toMatchObject({ status: 'failed', attempts: 3 });
      expect(row.last_error).toMatch(/^gave up after 3 attempts: .*421/);
    } finally {
      sink.mode = 'accept';
      await capped.close();
    }
  });
});
