import { EntityManager } from 'typeorm';

export interface ThrottlePolicy {
  /** Failures from one client for one account before each further try must wait. */
  freeFailures: number;
  /** The longest wait, however many failures. */
  maxDelayMs: number;
}

/** The first wait after the free failures; it doubles with each further failure. */
const FIRST_DELAY_MS = 1_000;

/**
 * How long the next try from this client for this account must wait after its last failure:
 * nothing for the first `freeFailures`, then 1 s, 2 s, 4 s … up to `maxDelayMs`. A guesser is
 * slowed to a crawl; the owner, on another client, never waits because of them.
 */
export function requiredDelayMs(failures: number, policy: ThrottlePolicy): number {
  if (failures < policy.freeFailures) return 0;
  const exponent = Math.min(failures - policy.freeFailures, 40);
  return Math.min(FIRST_DELAY_MS * 2 ** exponent, policy.maxDelayMs);
}

/**
 * Failed logins counted per (account, client) in PostgreSQL, so every instance sees the same
 * count. The account is the address as typed (lower-cased), known or not: an unknown address is
 * throttled exactly like a real one, so the answers reveal nothing.
 */
export class LoginThrottle {
  constructor(private readonly policy: ThrottlePolicy) {}

  /** Milliseconds this client must still wait before trying this account again (0: go ahead). */
  async waitMs(m: EntityManager, account: string, client: string): Promise<number> {
    const [row] = await m.query<{ failures: number; sinceMs: string }[]>(
      `SELECT failures, (extract(epoch FROM now() - last_failure_at) * 1000)::bigint AS "sinceMs" FROM login_throttle WHERE account = $1 AND client = $2`,
      [account, client],
    );
    if (!row) return 0;
    return Math.max(0, requiredDelayMs(row.failures, this.policy) - Number(row.sinceMs));
  }

  async fail(m: EntityManager, account: string, client: string): Promise<void> {
    await m.query(
      `INSERT INTO login_throttle (account, client, failures, last_failure_at) VALUES ($1, $2, 1, now())
       ON CONFLICT (account, client) DO UPDATE SET failures = login_throttle.failures + 1, last_failure_at = now()`,
      [account, client],
    );
  }

  async succeed(m: EntityManager, account: string, client: string): Promise<void> {
    await m.query(`DELETE FROM login_throttle WHERE account = $1 AND client = $2`, [account, client]);
  }

  /** `npm run cli -- user:unlock`: forgets every failure for the account, from every client. */
  static async unlock(m: EntityManager, account: string): Promise<number> {
    const [, removed] = await m.query<[unknown[], number]>(`DELETE FROM login_throttle WHERE account = $1`, [account.trim().toLowerCase()]);
    return removed;
  }
}
