import pg from 'pg';
import { EmailTemplate } from '../../src/email/email-template.js';
import { createTestApp, TestApp } from '../setup/test-app.js';
import { address, enqueue, parkOtherEmails, rows } from './email-kit.js';
import { SmtpSink } from './smtp-sink.js';

/**
 * The app stopping (SIGTERM → app.close()) while a batch is being sent. The worker must finish
 * recording what it sent before the database closes; otherwise those rows stay `sending` and go
 * out a second time after the lease, from whichever instance starts next.
 */
describe('the outbox worker and shutdown', () => {
  const settings = { EMAIL_WORKER: 'on', EMAIL_POLL_MS: '50', EMAIL_BATCH_SIZE: '20', EMAIL_CONCURRENCY: '4', EMAIL_LEASE_SECONDS: '10' };
  let sink: SmtpSink;
  let first: TestApp | undefined;
  let second: TestApp | undefined;
  beforeAll(async () => {
    sink = await SmtpSink.start({ keepRaw: false });
    // Slow enough that the app is stopped in the middle of a batch.
    sink.delayMs = 40;
  });
  afterAll(async () => {
    await first?.close().catch(() => undefined);
    await second?.close();
    await sink.stop();
  });

  it('finishes recording the batch in flight before the database closes: no email is sent twice after a restart', async () => {
    first = await createTestApp({ ...settings, SMTP_URL: sink.url });
    await parkOtherEmails(first.app);
    const queued = await enqueue(
      first.app,
      Array.from({ length: 60 }, (_, i) => ({ template: EmailTemplate.ReviewDigest, to: address(`shutdown-${i}`) })),
    );
    const ids = queued.map((q) => q.id);
    // Only this file's emails count: the worker may send what other files queued before it was parked.
    const mine = new Set(queued.map((q) => q.messageId));
    const ours = () => sink.received.filter((r) => mine.has(r.messageId)).length;
    const midBatch = Date.now() + 15_000;
    while (ours() < 5) {
      if (Date.now() > midBatch) throw new Error('the worker did not start sending within 15 s');
      await new Promise((r) => setTimeout(r, 10));
    }
    await first.app.close();
    const atStop = ours();
    // Read with a client of our own: the app's pool is closed, and the next app's worker would
    // claim the rest at once.
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    const { rows: states } = await client.query<{ status: string; n: number }>(`SELECT status, count(*)::int AS n FROM email_outbox WHERE id = ANY($1::uuid[]) GROUP BY status`, [
      ids,
    ]);
    await client.end();
    const left = states.find((s) => s.status === 'sending')?.n ?? 0;
    expect(states.find((s) => s.status === 'sent')?.n).toBe(atStop);

    second = await createTestApp({ ...settings, SMTP_URL: sink.url });
    const deadline = Date.now() + 30_000;
    while ((await rows(second.app, ids)).some((r) => r.status !== 'sent')) {
      if (Date.now() > deadline) throw new Error('the restarted worker did not send everything within 30 s');
      await new Promise((r) => setTimeout(r, 50));
    }
    const counts = sink.counts();
    const twice = queued.filter((q) => (counts.get(q.messageId) ?? 0) > 1).length;
    process.stdout.write(`R3 shutdown mid-batch: ${queued.length} emails, ${atStop} accepted before the app stopped, ${left} left sending, ${twice} sent twice after restart\n`);
    expect(atStop).toBeLessThan(queued.length);
    expect(left).toBe(0);
    expect(twice).toBe(0);
    expect(queued.every((q) => counts.get(q.messageId) === 1)).toBe(true);
  });
});
