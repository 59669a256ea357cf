import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Actor } from '../users/role.js';

/** A paid milestone of a stipend the organisation pays itself (funder 'self'). */
export interface MilestoneExpense {
  milestoneId: string;
  grantId: string;
  grantTitle: string;
  milestoneTitle: string;
  /** Fund code that pays it (e.g. `rsoc`). */
  fund: string;
  /** Minor units. */
  amount: bigint;
  currency: string;
  /** YYYY-MM-DD */
  paidOn: string;
  payee: string;
}

/**
 * Posts a 'self' milestone payment as an expense, inside the transaction that marks it paid
 * (so both happen or neither). The ledger is built apart: wire `LedgerService.post` in by
 * providing another implementation under this token.
 */
export interface MilestoneExpensePoster {
  post(m: EntityManager, expense: MilestoneExpense, actor: Actor): Promise<void>;
}

export const MILESTONE_EXPENSE_POSTER = Symbol('MilestoneExpensePoster');

/** Default: keeps the payment in `milestone_expenses` (one row per milestone, unique). */
@Injectable()
export class RecordingExpensePoster implements MilestoneExpensePoster {
  async post(m: EntityManager, e: MilestoneExpense): Promise<void> {
    await m.query(`INSERT INTO milestone_expenses (milestone_id, grant_id, fund, amount, currency, paid_on, payee) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
      e.milestoneId,
      e.grantId,
      e.fund,
      e.amount.toString(),
      e.currency,
      e.paidOn,
      e.payee,
    ]);
  }
}
