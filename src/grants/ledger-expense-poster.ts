import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { FundSpendingService } from '../funds/fund-spending.service.js';
import { FundsService } from '../funds/funds.service.js';
import { Accounts } from '../ledger/accounts.js';
import type { Actor } from '../users/role.js';
import { MilestoneExpense, MilestoneExpensePoster, RecordingExpensePoster } from './expense-poster.js';

/**
 * A 'self' stipend milestone paid from the bank: Dr expenses:stipends · Cr assets:bank, tagged
 * with the grant's fund and dated the day it was paid, in the transaction that marks it paid.
 * It goes through FundSpendingService, so a restricted fund (rsoc) is never paid below zero.
 * The milestone_expenses row is kept too, as the grant's own record of the payment.
 */
@Injectable()
export class LedgerExpensePoster implements MilestoneExpensePoster {
  constructor(
    private readonly spending: FundSpendingService,
    private readonly funds: FundsService,
    private readonly record: RecordingExpensePoster,
  ) {}

  async post(m: EntityManager, e: MilestoneExpense, actor: Actor): Promise<void> {
    // A stipend promised from a fund is still owed if the fund was closed since: any existing fund.
    const fundId = await this.funds.idFor(m, e.fund, { requireActive: false });
    await this.record.post(m, e);
    await this.spending.spend(m, {
      key: `milestone:${e.milestoneId}:paid`,
      kind: 'stipend.paid',
      effectiveDate: e.paidOn,
      description: `Stipend: ${e.grantTitle} — ${e.milestoneTitle} (${e.payee})`,
      postedBy: actor.id,
      fundId,
      account: Accounts.stipends,
      paidFrom: Accounts.bank,
      currency: e.currency,
      amount: e.amount,
    });
  }
}
