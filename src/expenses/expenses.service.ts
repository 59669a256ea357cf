import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { toSafeNumber } from '../common/money/money.js';
import { Page } from '../common/pagination/pagination.dto.js';
import { todayUtc } from '../common/util/months.js';
import { TransactionService } from '../database/transaction.service.js';
import { FundSpendingService } from '../funds/fund-spending.service.js';
import { FundsService } from '../funds/funds.service.js';
import { Accounts } from '../ledger/accounts.js';
import { LedgerService } from '../ledger/ledger.service.js';
import { PeriodsService } from '../periods/periods.service.js';
import { ReverseDto } from '../roles/roles.dto.js';
import type { Actor } from '../users/role.js';
import { CreateExpenseDto, ExpensesQuery } from './expenses.dto.js';
import { ExpensesException } from './expenses.exception.js';

/** Categories whose accounts other features post to (roles, stipends, channel fees). */
const RESERVED = ['roles', 'stipends', 'fees'];

const SELECT = `
  SELECT x.id, x.category, x.payee, f.code AS fund, x.amount::text, x.currency::text AS currency, to_char(x.spent_on, 'YYYY-MM-DD') AS "spentOn",
         x.paid_from AS "paidFrom", x.reference, x.receipt_url AS "receiptUrl", x.note, x.entry_id AS "entryId",
         x.reversal_entry_id AS "reversalEntryId", x.reversal_reason AS "reversalReason", x.reversed_at AS "reversedAt", x.created_at AS "createdAt"
  FROM expenses x JOIN funds f ON f.id = x.fund_id`;

/**
 * Spending not tied to a role (hosting, bank charges, CI, hardware): Dr expenses:<category> ·
 * Cr assets:bank (or the paying account), from a fund, with the same restricted-fund guard,
 * closed-month refusal, audit and reversal as role payments.
 */
@Injectable()
export class ExpensesService {
  constructor(
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
    private readonly funds: FundsService,
    private readonly spending: FundSpendingService,
    private readonly ledger: LedgerService,
    private readonly periods: PeriodsService,
  ) {}

  create(dto: CreateExpenseDto, actor: Actor) {
    const amount = BigInt(dto.amount.amount);
    if (amount <= 0n) throw ExpensesException.invalid('amount.amount', 'must be at least 1');
    if (RESERVED.includes(dto.category))
      throw ExpensesException.invalid('category', `"${dto.category}" is posted by its own feature; pay roles with POST /api/v1/roles/:id/payments`);
    if (dto.spentOn > todayUtc()) throw ExpensesException.invalid('spentOn', 'must not be in the future');
    return this.tx.run(async (m) => {
      await this.periods.assertOpen(m, dto.spentOn);
      const fundId = await this.funds.idFor(m, dto.fund, { requireActive: false });
      const id = randomUUID();
      const paidFrom = dto.paidFrom ?? Accounts.bank;
      const entryId = await this.spending.spend(m, {
        key: `expense:${id}`,
        kind: 'expense',
        effectiveDate: dto.spentOn,
        description: [`${dto.category}: ${dto.payee}`, dto.reference].filter(Boolean).join(' — '),
        postedBy: actor.id,
        fundId,
        account: `expenses:${dto.category}`,
        paidFrom,
        currency: dto.amount.currency,
        amount,
      });
      await m.query(
        `INSERT INTO expenses (id, category, payee, fund_id, amount, currency, spent_on, paid_from, reference, receipt_url, note, entry_id, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
        [
          id,
          dto.category,
          dto.payee,
          fundId,
          amount.toString(),
          dto.amount.currency,
          dto.spentOn,
          paidFrom,
          dto.reference ?? null,
          dto.receiptUrl ?? null,
          dto.note ?? null,
          entryId,
          actor.id,
        ],
      );
      const expense = await this.view(m, id);
      await this.audit.record(m, actor, 'expense.create', 'expense', id, null, expense);
      return expense;
    });
  }

  async list(query: ExpensesQuery): Promise<Page<unknown>> {
    const where = `($1::text IS NULL OR x.category = $1) AND ($2::text IS NULL OR f.code = $2)`;
    const params = [query.category ?? null, query.fund ?? null];
    const [{ total }] = await this.tx.manager.query(`SELECT count(*)::int AS total FROM expenses x JOIN funds f ON f.id = x.fund_id WHERE ${where}`, params);
    const rows = await this.tx.manager.query(`${SELECT} WHERE ${where} ORDER BY x.spent_on DESC, x.created_at DESC OFFSET $3 LIMIT $4`, [...params, query.offset, query.limit]);
    return { items: rows.map(toView), total, page: query.page, limit: query.limit };
  }

  get(id: string) {
    return this.tx.run((m) => this.view(m, id));
  }

  reverse(id: string, dto: ReverseDto, actor: Actor) {
    return this.tx.run(async (m) => {
      const [row] = await m.query(`SELECT entry_id, reversal_entry_id FROM expenses WHERE id = $1 FOR UPDATE`, [id]);
      if (!row) throw ExpensesException.notFound(id);
      if (row.reversal_entry_id) throw ExpensesException.alreadyReversed(id);
      const today = todayUtc();
      await this.periods.assertOpen(m, today);
      const before = await this.view(m, id);
      const reversal = await this.ledger.reverse(m, row.entry_id, {
        key: `expense:${id}:reversal`,
        kind: 'expense.reversal',
        effectiveDate: today,
        description: `Reversal of an expense: ${dto.reason}`,
        postedBy: actor.id,
      });
      await m.query(`UPDATE expenses SET reversal_entry_id = $2, reversal_reason = $3, reversed_at = now() WHERE id = $1`, [id, reversal, dto.reason]);
      const after = await this.view(m, id);
      await this.audit.record(m, actor, 'expense.reverse', 'expense', id, before, after);
      return after;
    });
  }

  private async view(m: EntityManager, id: string) {
    const [row] = await m.query(`${SELECT} WHERE x.id = $1`, [id]);
    if (!row) throw ExpensesException.notFound(id);
    return toView(row);
  }
}

function toView(r: { amount: string; currency: string; reversalEntryId: string | null } & Record<string, unknown>) {
  const { amount, currency, ...rest } = r;
  return { ...rest, amount: { amount: toSafeNumber(amount), currency }, reversed: r.reversalEntryId !== null };
}
