import type { INestApplicationContext } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { LoginThrottle } from '../auth/login-throttle.js';
import { updateReturning } from '../database/sql.js';
import { TransactionService } from '../database/transaction.service.js';
import { SYSTEM_ACTOR } from './role.js';

/**
 * `user:unlock --email E`: forgets every failed login for the address, from every client, so its
 * owner can log in at once (the throttle only ever slows a client; this is for the impatient).
 */
export function userUnlockEmail(values: { email?: string }): string {
  const email = values.email?.trim().toLowerCase();
  if (!email) throw new Error('usage: npm run cli -- user:unlock --email E');
  return email;
}

export async function runUserUnlock(app: INestApplicationContext, email: string) {
  return app.get(TransactionService).run(async (m) => {
    const cleared = await LoginThrottle.unlock(m, email);
    // An UPDATE … RETURNING answers [rows, affected] through TypeORM: read the rows, not the pair.
    const [user] = await updateReturning<{ id: string }>(m, `UPDATE users SET failed_logins = 0, locked_until = NULL WHERE email = $1 RETURNING id`, [email]);
    if (user) await app.get(AuditService).record(m, SYSTEM_ACTOR, 'user.unlock', 'user', user.id, null, { clearedFailures: cleared });
    return { email, knownUser: Boolean(user), clearedClients: cleared };
  });
}
