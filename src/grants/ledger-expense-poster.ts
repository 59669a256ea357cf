import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { FundsService } from '../funds/funds.service.js';
import { stipendPaid } from '../ledger/journal-shapes.js';
import { LedgerService } from '../ledger/ledger.service.js';
import type { Actor } from '../users/role.js';
import { MilestoneExpense, MilestoneExpensePoster, RecordingExpensePoster } from './expense-poster.js';

/**
 * A 'self' stipend milestone paid from the bank: Dr expenses:stipends · Cr assets:bank, tagged
 * with the grant's fund and dated the day it was paid, in the transaction that marks it paid.
 * The milestone_expenses row is kept too, as the grant's own record of the payment.
 */
@Injectable()
export class LedgerExpensePoster implements MilestoneExpensePoster {
  constructor(
    private readonly ledger: LedgerService,
    private readonly funds: FundsService,
    private readonly record: RecordingExpensePoster,
  ) {}

  async post(m: EntityManager, e: MilestoneExpense, actor: Actor): Promise<void> {
    // A stipend promised from a fund is still owed if the fund was closed since: any existing fund.
    const fundId = await this.funds.idFor(m, e.fund, { requireActive: false });
    await this.record.post(m, e);
    await this.ledger.post(m, {
      key: `milestone:${e.milestoneId}:paid`,
      kind: 'stipend.paid',
      effectiveDate: e.paidOn,
      description: `Stipend: ${e.grantTitle} — ${e.milestoneTitle} (${e.payee})`,
      postedBy: actor.id,
      postings: stipendPaid({ fundId, currency: e.currency }, e.amount),
    });
  }
}
