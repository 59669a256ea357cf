import { randomUUID } from 'node:crypto';
import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { jwtSecret } from '../auth/jwt-secret.js';
import { linkKey, resolveLinkRefs } from '../common/links/link-token.js';
import { ForegroundLoad } from '../common/http/foreground-load.js';
import type { Env } from '../config/env.validation.js';
import { compose, senderName } from './compose.js';
import { unsubscribeCategoryOf } from './email-category.js';
import type { PropsOf } from './email-props.js';
import { fileTransport, MailTransport, smtpTransport } from './mail-transport.js';
import { ClaimedEmail, OutboxStore } from './outbox-store.js';
import { decide, describeError, RetryPolicy } from './retry-policy.js';
import { Semaphore } from './semaphore.js';
import { SuppressionService } from './suppression.service.js';
import { TemplateRenderer } from './template-renderer.js';
import { UnsubscribeService } from './unsubscribe.service.js';

export interface DrainResult {
  claimed: number;
  sent: number;
  retried: number;
  failed: number;
  suppressed: number;
  /** Claimed but not attempted because the lease was nearly over; they come back after it. */
  deferred: number;
}

const empty = (): DrainResult => ({ claimed: 0, sent: 0, retried: 0, failed: 0, suppressed: 0, deferred: 0 });
/** Never start a send this close to the end of the row's lease. */
const LEASE_MARGIN_MS = 5_000;
const SENT_GROUP = 20;
const PIPELINES = 2;

/**
 * Sends the outbox. Each round claims a batch (see OutboxStore.claim), drops what the recipient
 * unsubscribed from, renders, and sends with bounded concurrency. Failures are recorded as they
 * happen, successes in groups of SENT_GROUP, which bounds what a crash could send twice (with
 * the same Message-ID, so receivers can drop the copy) to one group.
 */
@Injectable()
export class OutboxWorker implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('OutboxWorker');
  readonly transport: MailTransport;
  private readonly policy: RetryPolicy;
  private readonly from: string;
  private readonly orgName: string;
  private readonly appUrl: string;
  private readonly linkKey: Buffer;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly rounds = new Set<Promise<DrainResult>>();
  /** Sends in flight across all rounds of this instance: exactly the SMTP pool's connections. */
  private readonly sending: Semaphore;
  private stopped = true;
  /** Requests this process is serving; the email module registers its counting hook. */
  readonly foreground = new ForegroundLoad();

  constructor(
    private readonly config: ConfigService<Env, true>,
    private readonly store: OutboxStore,
    private readonly renderer: TemplateRenderer,
    private readonly suppressions: SuppressionService,
    private readonly unsubscribe: UnsubscribeService,
  ) {
    const smtpUrl = config.get('SMTP_URL', { infer: true });
    this.transport = smtpUrl
      ? smtpTransport({ url: smtpUrl, connections: config.get('EMAIL_CONCURRENCY', { infer: true }) })
      : fileTransport(config.get('MAIL_DIR', { infer: true }));
    this.policy = {
      baseMs: config.get('EMAIL_RETRY_BASE_MS', { infer: true }),
      maxMs: config.get('EMAIL_RETRY_MAX_MS', { infer: true }),
      maxAttempts: config.get('EMAIL_MAX_ATTEMPTS', { infer: true }),
    };
    this.sending = new Semaphore(config.get('EMAIL_CONCURRENCY', { infer: true }));
    this.from = config.get('MAIL_FROM', { infer: true });
    this.orgName = senderName(this.from);
    this.appUrl = config.get('APP_URL', { infer: true })!;
    this.linkKey = linkKey(jwtSecret(config.get('JWT_SECRET', { infer: true }), config.get('DATA_DIR', { infer: true })));
  }

  onApplicationBootstrap(): void {
    if (this.config.get('EMAIL_WORKER', { infer: true }) === 'on') this.start();
  }

  /**
   * Before, not on, application shutdown: Nest closes the database in `onApplicationShutdown`,
   * in an order between modules that is not ours to choose. A round still sending then could
   * not record what it sent, and those emails would go out again after the lease. Every
   * `beforeApplicationShutdown` hook completes before any `onApplicationShutdown` starts.
   */
  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  onApplicationShutdown(): void {
    this.transport.close();
  }

  /**
   * Polls every EMAIL_POLL_MS; a full batch is followed at once by the next. Two loops run side
   * by side, like two workers sharing EMAIL_CONCURRENCY sends in flight, so one batch's claim
   * and bookkeeping overlap the other's sends and the SMTP pool never idles at a batch boundary.
   *
   * While the process is busy serving requests (a webhook storm, see ForegroundLoad), sending
   * gives way: one loop only, and after each round a pause that keeps sending to
   * EMAIL_BUSY_SHARE_PERCENT of the time. On two cores a full-speed outbox took about half the
   * CPU a storm's deliveries needed; the receipts still go out meanwhile, more slowly, and at
   * full speed again within a poll interval of the storm's end.
   */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.logger.log(`Sending email through ${this.transport.kind === 'smtp' ? 'SMTP_URL' : `.eml files in ${this.config.get('MAIL_DIR', { infer: true })}`}`);
    const poll = this.config.get('EMAIL_POLL_MS', { infer: true });
    const batch = this.config.get('EMAIL_BATCH_SIZE', { infer: true });
    const share = this.config.get('EMAIL_BUSY_SHARE_PERCENT', { infer: true }) / 100;
    for (let lane = 0; lane < PIPELINES; lane++) {
      const tick = async () => {
        let wait = poll;
        if (lane === 0 || share >= 1 || !this.foreground.busy()) {
          const started = performance.now();
          let full = false;
          try {
            const round = this.drainOnce(batch);
            this.rounds.add(round);
            full = (await round.finally(() => this.rounds.delete(round))).claimed === batch;
          } catch (error) {
            this.logger.error(`Outbox round failed: ${(error as Error).message}`);
          }
          wait = full ? 0 : poll;
          if (share < 1 && this.foreground.busy()) wait = Math.max(wait, ((performance.now() - started) * (1 - share)) / share);
        }
        if (!this.stopped) this.timers[lane] = setTimeout(() => void tick(), wait);
      };
      this.timers[lane] = setTimeout(() => void tick(), lane * Math.min(poll, 250));
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.timers.forEach((timer) => clearTimeout(timer));
    await Promise.allSettled([...this.rounds]);
  }

  /** Claims and processes one batch of due emails. */
  async drainOnce(limit = this.config.get('EMAIL_BATCH_SIZE', { infer: true })): Promise<DrainResult> {
    const result = empty();
    const claimToken = randomUUID();
    const rows = await this.store.claim(limit, claimToken, this.config.get('EMAIL_LEASE_SECONDS', { infer: true }));
    result.claimed = rows.length;
    if (rows.length === 0) return result;

    const optOuts = rows.map((row) => ({ row, category: unsubscribeCategoryOf(row.template, row.category) }));
    const withLinks = optOuts.filter((o) => o.category !== null) as { row: ClaimedEmail; category: 'updates' | 'receipts' }[];
    const suppressed = await this.suppressions.categoriesFor(withLinks.map((o) => o.row.recipient));
    const deliverable: { row: ClaimedEmail; category: 'updates' | 'receipts' | null }[] = [];
    for (const o of optOuts) {
      const off = o.category ? suppressed.get(o.row.recipient.trim().toLowerCase()) : undefined;
      if (o.category && off && (off.has(o.category) || off.has('all'))) {
        await this.store.markSuppressed(o.row.id, claimToken, `recipient unsubscribed from ${off.has('all') ? 'all' : o.category} email`);
        result.suppressed++;
      } else deliverable.push(o);
    }
    const links = await this.unsubscribe.linksFor(deliverable.filter((o) => o.category).map((o) => ({ email: o.row.recipient, category: o.category! })));

    // Successes are recorded in small groups: a crash can leave at most one group sent but not
    // marked, and those are resent with their original Message-ID after the lease.
    let sent: { id: string; response: string }[] = [];
    const writes: Promise<void>[] = [];
    const flush = () => {
      const group = sent;
      sent = [];
      writes.push(this.store.markSent(claimToken, group));
    };
    const send = forEachConcurrently(deliverable, this.config.get('EMAIL_CONCURRENCY', { infer: true }), async ({ row, category }) => {
      const outcome = await this.sending.use(async () =>
        // Checked once a send slot is ours: waiting for it may have eaten into the lease.
        Date.now() > row.lockedUntil.getTime() - LEASE_MARGIN_MS
          ? ({ kind: 'deferred' } as const)
          : this.sendOne(row, category ? links.get(this.unsubscribe.linkKey(row.recipient, category)) : undefined),
      );
      if (outcome.kind === 'deferred') {
        // Not sent: back to the queue now rather than `sending` until the lease runs out (a
        // shutdown under load left such rows stuck for the whole lease).
        await this.store.release(row.id, claimToken);
        result.deferred++;
        return;
      }
      if (outcome.kind === 'sent') {
        sent.push({ id: row.id, response: outcome.response });
        result.sent++;
        if (sent.length >= SENT_GROUP) flush();
        return;
      }
      const next = decide(outcome.error, row.attempts, this.policy);
      if (next.kind === 'retry') {
        await this.store.markRetry(row.id, claimToken, next.delayMs, next.error);
        result.retried++;
      } else {
        await this.store.markFailed(row.id, claimToken, next.error);
        this.logger.warn(`Email ${row.id} failed: ${next.error}`);
        result.failed++;
      }
    });
    try {
      await send;
    } finally {
      flush();
      const lost = (await Promise.allSettled(writes)).filter((w) => w.status === 'rejected');
      // Rows whose success could not be recorded stay `sending` and go out again (same
      // Message-ID) after the lease: say so loudly rather than crash the round.
      if (lost.length) this.logger.error(`Could not record ${lost.length} groups of sent emails: ${String(lost[0].reason)}`);
    }
    return result;
  }

  /** Rounds until nothing is due (rows waiting out a back-off are left for later), as `start` runs them. */
  async drain(limit?: number): Promise<DrainResult> {
    const total = empty();
    const pipeline = async () => {
      for (;;) {
        const round = await this.drainOnce(limit);
        for (const k of Object.keys(total) as (keyof DrainResult)[]) total[k] += round[k];
        if (round.claimed === 0) return;
      }
    };
    await Promise.all(Array.from({ length: PIPELINES }, pipeline));
    return total;
  }

  private async sendOne(
    row: ClaimedEmail,
    unsubscribeUrl: string | undefined,
  ): Promise<{ kind: 'sent'; response: string } | { kind: 'error'; error: { code?: string; responseCode?: number; response?: string; message?: string } }> {
    let message;
    try {
      // Links are written in only now: the outbox holds references to token rows, never a usable link.
      const props = resolveLinkRefs(row.props, this.appUrl, this.linkKey) as PropsOf<typeof row.template>;
      const rendered = this.renderer.render(row.template, row.locale, props, {
        appUrl: this.appUrl,
        orgName: this.orgName,
        ...(unsubscribeUrl ? { unsubscribeUrl } : {}),
      });
      message = compose(rendered, { from: this.from, to: row.recipient, messageId: row.messageId, bulk: row.category === 'bulk', unsubscribeUrl });
    } catch (error) {
      return { kind: 'error', error: { code: 'RENDER', message: `cannot render: ${(error as Error).message}` } };
    }
    try {
      return { kind: 'sent', response: await this.transport.send(message) };
    } catch (error) {
      this.logger.debug(`Send of ${row.id} failed: ${describeError(error as Error)}`);
      return { kind: 'error', error: error as Error };
    }
  }
}

async function forEachConcurrently<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) await work(items[next++]);
  });
  await Promise.all(lanes);
}
