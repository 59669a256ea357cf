import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { TransactionService } from '../../src/database/transaction.service.js';
import type { PropsOf } from '../../src/email/email-props.js';
import { EmailTemplate, Locale } from '../../src/email/email-template.js';
import { OutboxService } from '../../src/email/outbox.service.js';
import { OutboxWorker } from '../../src/email/outbox-worker.service.js';
import { sampleProps } from '../../src/email/sample-props.js';

export const APP_URL = 'http://coffer.test';
export const samples = sampleProps(APP_URL);

/** Settings that make back-off observable in milliseconds instead of minutes. */
export const FAST_RETRIES = { EMAIL_RETRY_BASE_MS: '20', EMAIL_RETRY_MAX_MS: '200', EMAIL_MAX_ATTEMPTS: '12' };

export interface Queued {
  id: string;
  to: string;
  messageId: string;
  template: EmailTemplate;
}

export function address(tag: string, domain = 'example.test'): string {
  return `${tag}-${randomUUID().slice(0, 8)}@${domain}`;
}

/** Queues emails the way features do: through enqueue, in a transaction. */
export async function enqueue<T extends EmailTemplate>(
  app: INestApplication,
  emails: { template: T; to: string; locale?: Locale; props?: PropsOf<T>; category?: 'transactional' | 'bulk' }[],
): Promise<Queued[]> {
  const outbox = app.get(OutboxService);
  return app.get(TransactionService).run(async (m) => {
    const queued: Queued[] = [];
    for (const e of emails) {
      const id = await outbox.enqueue(m, { template: e.template, to: e.to, locale: e.locale ?? 'en', props: e.props ?? (samples[e.template] as PropsOf<T>), category: e.category });
      const [row] = await m.query(`SELECT message_id FROM email_outbox WHERE id = $1`, [id]);
      queued.push({ id: id!, to: e.to, messageId: row.message_id, template: e.template });
    }
    return queued;
  });
}

export interface OutboxRow {
  id: string;
  status: string;
  attempts: number;
  last_error: string | null;
  message_id: string;
}

export async function rows(app: INestApplication, ids: string[]): Promise<OutboxRow[]> {
  return app.get(TransactionService).manager.query(`SELECT id, status, attempts, last_error, message_id FROM email_outbox WHERE id = ANY($1::uuid[])`, [ids]);
}

/** Drains repeatedly (waiting out back-offs) until none of `ids` is queued or sending. */
export async function drainUntilSettled(app: INestApplication, ids: string[], options: { timeoutMs?: number; onRound?: (round: number) => void } = {}): Promise<number> {
  const worker = app.get(OutboxWorker);
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  for (let round = 1; ; round++) {
    options.onRound?.(round);
    await worker.drain();
    const open = (await rows(app, ids)).filter((r) => r.status === 'queued' || r.status === 'sending');
    if (open.length === 0) return round;
    if (Date.now() > deadline) throw new Error(`${open.length} emails still open after ${round} rounds`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * The test database is shared by every file of a run, and other features' tests queue email
 * they never send. Files run one after another (--runInBand), so by the time an email test
 * starts those files are done: their queued rows are pushed out of reach, so this file's
 * worker rounds see only its own rows and its counts mean what they say.
 */
export async function parkOtherEmails(app: INestApplication): Promise<void> {
  await app
    .get(TransactionService)
    .run((m) => m.query(`UPDATE email_outbox SET next_attempt_at = 'infinity' WHERE status IN ('queued', 'sending') AND next_attempt_at <> 'infinity'`));
}
