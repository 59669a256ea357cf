import { isPermanentResponseCode } from 'nodemailer/lib/errors';

export interface RetryPolicy {
  baseMs: number;
  maxMs: number;
  maxAttempts: number;
}

export type Outcome = { kind: 'retry'; delayMs: number; error: string } | { kind: 'failed'; error: string };

interface SendError {
  code?: string;
  responseCode?: number;
  response?: string;
  message?: string;
}

/**
 * Whether the server refused this message for good. Only a 5xx answer to the envelope or the
 * message itself counts: a 5xx to AUTH or TLS means our configuration is wrong, and failing
 * every queued email for that would lose them, so those wait for the fix like an outage.
 */
export function isPermanent(error: SendError): boolean {
  if (error.code === 'RENDER') return true;
  if (typeof error.responseCode !== 'number' || !isPermanentResponseCode(error.responseCode)) return false;
  return error.code === 'EENVELOPE' || error.code === 'EMESSAGE';
}

/** The server's own answer when there is one, so the delivery log shows what it said. */
export function describeError(error: SendError): string {
  const text = error.response ?? error.message ?? String(error);
  const prefix = error.code && !error.response ? `${error.code}: ` : '';
  return (prefix + text).slice(0, 1000);
}

/**
 * Exponential back-off with ±20 % jitter (so a fleet of instances does not retry in step
 * after an outage), capped at `maxMs`. `attempt` is the number of the attempt that failed.
 */
export function backoffMs(attempt: number, policy: Pick<RetryPolicy, 'baseMs' | 'maxMs'>, random: () => number = Math.random): number {
  const exponential = policy.baseMs * 2 ** Math.min(Math.max(attempt - 1, 0), 30);
  const jittered = exponential * (0.8 + 0.4 * random());
  return Math.round(Math.min(policy.maxMs, jittered));
}

/** What to do with an outbox row after attempt number `attempt` failed with `error`. */
export function decide(error: SendError, attempt: number, policy: RetryPolicy, random?: () => number): Outcome {
  const text = describeError(error);
  if (isPermanent(error)) return { kind: 'failed', error: text };
  if (attempt >= policy.maxAttempts) return { kind: 'failed', error: `gave up after ${attempt} attempts: ${text}` };
  return { kind: 'retry', delayMs: backoffMs(attempt, policy, random), error: text };
}
