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
  static zeroTransfer() {
    return new FundsException('invalid', 'fund_transfer_zero', 'A transfer moves a positive amount', [{ field: 'amount.amount', message: 'must be at least 1' }]);
  }
  static sameFund(code: string) {
    return new FundsException('invalid', 'fund_transfer_same_fund', `A transfer needs two different funds; both are "${code}"`, [
      { field: 'to', message: 'must differ from "from"' },
    ]);
  }
}
