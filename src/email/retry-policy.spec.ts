import { backoffMs, decide, isPermanent } from './retry-policy.js';

const policy = { baseMs: 1000, maxMs: 60_000, maxAttempts: 5 };
const half = () => 0.5;

describe('retry policy', () => {
  it.each([
    ['421 at greeting (service unavailable)', { code: 'EPROTOCOL', responseCode: 421 }, false],
    ['451 temporary local error on DATA', { code: 'EMESSAGE', responseCode: 451 }, false],
    ['450 mailbox busy on RCPT', { code: 'EENVELOPE', responseCode: 450 }, false],
    ['550 no such user', { code: 'EENVELOPE', responseCode: 550, response: '550 5.1.1 no such user' }, true],
    ['554 message rejected on DATA', { code: 'EMESSAGE', responseCode: 554 }, true],
    ['503 bad sequence (session state, not the message)', { code: 'EENVELOPE', responseCode: 503 }, false],
    ['535 authentication failed (our configuration)', { code: 'EAUTH', responseCode: 535 }, false],
    ['connection dropped', { code: 'ECONNECTION' }, false],
    ['connection refused', { code: 'ESOCKET' }, false],
    ['timeout', { code: 'ETIMEDOUT' }, false],
    ['template could not render', { code: 'RENDER' }, true],
  ])('%s → permanent %s', (_name, error, permanent) => {
    expect(isPermanent(error)).toBe(permanent);
  });

  it.each([
    [1, 1000],
    [2, 2000],
    [3, 4000],
    [6, 32_000],
    [7, 60_000],
    [40, 60_000],
  ])('attempt %i waits %i ms before the next (no jitter)', (attempt, ms) => {
    expect(backoffMs(attempt, policy, half)).toBe(ms);
  });

  it('jitters within ±20 % and never above the cap', () => {
    expect(backoffMs(3, policy, () => 0)).toBe(3200);
    expect(backoffMs(3, policy, () => 0.999999)).toBeLessThanOrEqual(4800);
    expect(backoffMs(30, policy, () => 0.999999)).toBe(60_000);
  });

  it('keeps the server answer and stops retrying after the last attempt', () => {
    expect(decide({ code: 'EENVELOPE', responseCode: 550, response: '550 5.1.1 unknown user' }, 1, policy)).toEqual({ kind: 'failed', error: '550 5.1.1 unknown user' });
    expect(decide({ code: 'EPROTOCOL', responseCode: 421, response: '421 try later' }, 2, policy, half)).toEqual({ kind: 'retry', delayMs: 2000, error: '421 try later' });
    expect(decide({ code: 'ECONNECTION', message: 'Connection closed' }, 5, policy)).toEqual({ kind: 'failed', error: 'gave up after 5 attempts: ECONNECTION: Connection closed' });
  });
});
