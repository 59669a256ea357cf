import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { AccessTokenService } from '../auth/access-token.js';
import { updateReturning } from '../database/sql.js';
import { TransactionService } from '../database/transaction.service.js';
import type { Actor } from '../users/role.js';
import { SponsorsException } from './sponsors.exception.js';

/**
 * A sponsor's erasure on request (like an applicant's): their name, address and public name go,
 * their emails stop (queued ones are suppressed, sent ones lose recipient and props), their
 * manage links stop working. The books keep every amount: donations stay, attached to an
 * anonymous sponsor, so totals, statements of the organisation and the ledger do not change.
 */
@Injectable()
export class SponsorErasureService {
  constructor(
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
    private readonly tokens: AccessTokenService,
  ) {}

  erase(id: string, actor: Actor): Promise<{ id: string; erasedAt: Date; emailsCleared: number }> {
    return this.tx.run(async (m) => {
      const [row]: { email: string; erasedAt: Date | null }[] = await m.query(`SELECT email, erased_at AS "erasedAt" FROM sponsors WHERE id = $1 FOR UPDATE`, [id]);
      if (!row) throw SponsorsException.notFound(id);
      if (row.erasedAt) return { id, erasedAt: row.erasedAt, emailsCleared: 0 };
      const [, emailsCleared] = await m.query<[unknown, number]>(
        `UPDATE email_outbox SET recipient = 'erased', props = '{}'::jsonb, updated_at = now(),
                status = CASE WHEN status IN ('queued', 'sending') THEN 'suppressed' ELSE status END,
                last_error = CASE WHEN status IN ('queued', 'sending') THEN 'recipient erased' ELSE last_error END
          WHERE lower(recipient) = lower($1)`,
        [row.email],
      );
      await this.tokens.revokeAll(m, 'donor_manage', id);
      const [erased] = await updateReturning<{ erasedAt: Date }>(
        m,
        `UPDATE sponsors SET name = 'erased', email = 'erased-' || id || '@erased.invalid', public_name = NULL, anonymous = true,
                email_receipts = false, email_updates = false, erased_at = now(), updated_at = now()
          WHERE id = $1 RETURNING erased_at AS "erasedAt"`,
        [id],
      );
      await this.audit.record(m, actor, 'sponsor.erase', 'sponsor', id, null, { erasedAt: erased.erasedAt, emailsCleared });
      return { id, erasedAt: erased.erasedAt, emailsCleared };
    });
  }
}
