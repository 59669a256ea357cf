import type { FastifyInstance } from 'fastify';

/** Requests per second above which the process counts as busy serving people and Stripe. */
export const BUSY_REQUESTS_PER_SECOND = 50;
const BUCKET_MS = 250;
const BUCKETS = 4;

/**
 * How many HTTP requests this process received over the last second, so that background work
 * (the email outbox) can give way while the foreground is under load: a Stripe webhook storm
 * needs its answers within Stripe's timeout, a receipt can go out a few seconds later.
 *
 * Counted in four 250 ms buckets: one increment per request, no timer, no allocation.
 */
export class ForegroundLoad {
  private readonly counts = new Array<number>(BUCKETS).fill(0);
  private bucket = 0;
  private bucketStartedAt = 0;

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Registers the counting hook on a Fastify instance. */
  watch(fastify: FastifyInstance): this {
    fastify.addHook('onRequest', (_request, _reply, done) => {
      this.note();
      done();
    });
    return this;
  }

  note(): void {
    this.advance();
    this.counts[this.bucket]++;
  }

  /** Requests received over the last second (the current bucket and the three before it). */
  requestsLastSecond(): number {
    this.advance();
    let total = 0;
    for (const count of this.counts) total += count;
    return total;
  }

  busy(): boolean {
    return this.requestsLastSecond() >= BUSY_REQUESTS_PER_SECOND;
  }

  private advance(): void {
    const now = this.now();
    const elapsed = Math.floor((now - this.bucketStartedAt) / BUCKET_MS);
    if (elapsed <= 0) return;
    for (let i = 0; i < Math.min(elapsed, BUCKETS); i++) {
      this.bucket = (this.bucket + 1) % BUCKETS;
      this.counts[this.bucket] = 0;
    }
    this.bucketStartedAt += elapsed * BUCKET_MS;
  }
}
