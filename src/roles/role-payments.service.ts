import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { toSafeNumber } from '../common/money/money.js';
import { lastDayOf, monthOf, todayUtc } from '../common/util/months.js';
import { TransactionService } from '../database/transaction.service.js';
import { FundSpendingService } from '../funds/fund-spending.service.js';
import { Accounts } from '../ledger/accounts.js';
import { LedgerService } from '../ledger/ledger.service.js';
import { PeriodsService } from '../periods/periods.service.js';
import type { Actor } from '../users/role.js';
import { scheduledThrough } from './role-schedule.js';
import { PAYABLE } from './role-status.js';
import { ReverseDto, RolePaymentDto } from './roles.dto.js';
import { RolesException } from './roles.exception.js';
import { RolesService, termsOf } from './roles.service.js';

const SELECT = `
  SELECT id, role_id AS "roleId", amount::text, currency::text AS currency, to_char(paid_on, 'YYYY-MM-DD') AS "paidOn", paid_from AS "paidFrom",
         reference, note, override_reason AS "overrideReason", entry_id AS "entryId", reversal_entry_id AS "reversalEntryId",
         reversal_reason AS "reversalReason", reversed_at AS "reversedAt", created_at AS "createdAt"
  FROM role_payments`;

/**
 * Paying a role: Dr expenses:roles:<kind> · Cr assets:bank (or the paying account), from the
 * role's fund, in one transaction with the payment's row and its audit entry. Corrected only
 * by reversal (a mirror entry dated today), never by editing.
 */
@Injectable()
export class RolePaymentsService {
  constructor(
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
    private readonly roles: RolesService,
    private readonly spending: FundSpendingService,
    private readonly ledger: LedgerService,
    private readonly periods: PeriodsService,
  ) {}

  pay(roleId: string, dto: RolePaymentDto, actor: Actor) {
    const amount = BigInt(dto.amount.amount);
    if (amount <= 0n) throw RolesException.terms('amount.amount', 'must be at least 1');
    if (dto.paidOn > todayUtc()) throw RolesException.terms('paidOn', 'must not be in the future (record a payment once it is made)');
    return this.tx.run(async (m) => {
      const role = await this.roles.lock(m, roleId);
      if (!PAYABLE.includes(role.status)) throw RolesException.notPayable(role.status);
      if (dto.amount.currency !== role.currency) throw RolesException.currency(role.currency, dto.amount.currency);
      await this.periods.assertOpen(m, dto.paidOn);
      const paid = BigInt(role.paid);
      const allowed = scheduledThrough(termsOf(role), dto.paidOn);
      if (paid + amount > allowed && !dto.overrideReason) throw RolesException.beyondSchedule(paid, amount, allowed, role.currency, lastDayOf(monthOf(dto.paidOn)));
      const id = randomUUID();
      const paidFrom = dto.paidFrom ?? Accounts.bank;
      const entryId = await this.spending.spend(m, {
        key: `role-payment:${id}`,
        kind: 'role.payment',
        effectiveDate: dto.paidOn,
        description: [`${role.title}`, role.holder_name, dto.reference].filter(Boolean).join(' — '),
        postedBy: actor.id,
        fundId: role.fund_id,
        account: Accounts.role(role.kind),
        paidFrom,
        currency: role.currency,
        amount,
      });
      await m.query(
        `INSERT INTO role_payments (id, role_id, amount, currency, paid_on, paid_from, reference, note, override_reason, entry_id, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [id, roleId, amount.toString(), role.currency, dto.paidOn, paidFrom, dto.reference ?? null, dto.note ?? null, dto.overrideReason ?? null, entryId, actor.id],
      );
      const payment = await this.view(m, roleId, id);
      await this.audit.record(m, actor, 'role.payment', 'role_payment', id, null, payment);
      return payment;
    });
  }

  async list(roleId: string) {
    await this.roles.get(roleId);
    const rows = await this.tx.manager.query(`${SELECT} WHERE role_id = $1 ORDER BY paid_on DESC, created_at DESC`, [roleId]);
    return rows.map(toView);
  }

  /** Posts the mirror entry today (in an open month) and marks the payment reversed; a second reversal is a 409. */
  reverse(roleId: string, paymentId: string, dto: ReverseDto, actor: Actor) {
    return this.tx.run(async (m) => {
      const [row] = await m.query(`SELECT entry_id, reversal_entry_id FROM role_payments WHERE id = $1 AND role_id = $2 FOR UPDATE`, [paymentId, roleId]);
      if (!row) throw RolesException.paymentNotFound(paymentId);
      if (row.reversal_entry_id) throw RolesException.alreadyReversed(paymentId);
      const today = todayUtc();
      await this.periods.assertOpen(m, today);
      const before = await this.view(m, roleId, paymentId);
      const reversal = await this.ledger.reverse(m, row.entry_id, {
        key: `role-payment:${paymentId}:reversal`,
        kind: 'role.payment.reversal',
        effectiveDate: today,
        description: `Reversal of a role payment: ${dto.reason}`,
        postedBy: actor.id,
      });
      await m.query(`UPDATE role_payments SET reversal_entry_id = $2, reversal_reason = $3, reversed_at = now() WHERE id = $1`, [paymentId, reversal, dto.reason]);
      const after = await this.view(m, roleId, paymentId);
      await this.audit.record(m, actor, 'role.payment.reverse', 'role_payment', paymentId, before, after);
      return after;
    });
  }

  private async view(m: EntityManager, roleId: string, id: string) {
    const [row] = await m.query(`${SELECT} WHERE id = $1 AND role_id = $2`, [id, roleId]);
    if (!row) throw RolesException.paymentNotFound(id);
    return toView(row);
  }
}

function toView(r: { amount: string; currency: string; reversalEntryId: string | null } & Record<string, unknown>) {
  const { amount, currency, ...rest } = r;
  return { ...rest, amount: { amount: toSafeNumber(amount), currency }, reversed: r.reversalEntryId !== null };
}
