import { AppException } from '../common/errors/app.exception.js';
import { formatMoney } from '../common/money/money.js';
import type { Shortfall } from './fund-shortfall.js';

export class FundsException extends AppException {
  static notFound(code: string) {
    return new FundsException('invalid', 'fund_unknown', `Fund "${code}" does not exist`, [{ field: 'fund', message: `unknown fund "${code}"` }]);
  }
  static missing(id: string) {
    return new FundsException('not_found', 'fund_not_found', `Fund ${id} does not exist`);
  }
  static codeTaken(code: string) {
    return new FundsException('conflict', 'fund_code_taken', `A fund with code "${code}" already exists`);
  }
  static inactive(code: string) {
    return new FundsException('conflict', 'fund_inactive', `Fund "${code}" is closed to new donations`);
  }
  /** 409 naming the fund and how far below zero the spending would take it. */
  static restricted(code: string, spend: { amount: bigint; currency: string }, s: Shortfall) {
    return new FundsException(
      'conflict',
      'fund_restricted_shortfall',
      `Fund "${code}" is restricted and holds ${formatMoney(s.available, s.currency)}: paying ${formatMoney(spend.amount, spend.currency)} would take it ` +
        `${formatMoney(s.amount, s.currency)} below zero. The board can move money into it first (POST /api/v1/funds/transfers).`,
      [{ fund: code, currency: s.currency, available: s.available.toString(), shortfall: s.amount.toString() }],
    );
  }
  /** 409: a transfer moves money the source fund holds; it cannot conjure it (restricted or not). */
  static transferShortfall(code: string, transfer: { amount: bigint; currency: string }, s: Shortfall) {
    return new FundsException(
      'conflict',
      'fund_transfer_shortfall',
      `Fund "${code}" holds ${formatMoney(s.available, s.currency)}: transferring ${formatMoney(transfer.amount, transfer.currency)} out of it would take it ` +
        `${formatMoney(s.amount, s.currency)} below zero. A transfer moves money a fund holds; record the donations first, or transfer less.`,
      [{ fund: code, currency: s.currency, available: s.available.toString(), shortfall: s.amount.toString() }],
    );
  }
  static futureTransfer() {
    return new FundsException('invalid', 'fund_transfer_in_future', 'transferredOn is in the future: record a transfer once the board has made it', [
      { field: 'transferredOn', message: 'must not be in the future' },
    ]);
  }
  static unknownAccount(account: string, known: string[]) {
    return new FundsException(
      'invalid',
      'ledger_unknown_account',
      `paidFrom "${account}" is not an account of the books: pay from ${known.join(', ')} or an asset account already in use`,
      [{ field: 'paidFrom', message: `unknown asset account "${account}"` }],
    );
  }
  static zeroTransfer() {
    return new FundsException('invalid', 'fund_transfer_zero', 'A transfer moves a positive amount', [{ field: 'amount.amount', message: 'must be at least 1' }]);
  }
  static sameFund(code: string) {
    return new FundsException('invalid', 'fund_transfer_same_fund', `A transfer needs two different funds; both are "${code}"`, [
      { field: 'to', message: 'must differ from "from"' },
    ]);
  }
}
