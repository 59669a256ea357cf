import { AppException } from '../common/errors/app.exception.js';

export class LedgerException extends AppException {
  static unbalanced(currency: string, leftOver: bigint) {
    return new LedgerException('invalid', 'ledger_unbalanced', `Journal entry does not balance: ${leftOver} ${currency} left over`);
  }
  static tooFewPostings() {
    return new LedgerException('invalid', 'ledger_too_few_postings', 'A journal entry needs at least two non-zero postings');
  }
  static badAccount(account: string) {
    return new LedgerException('invalid', 'ledger_bad_account', `"${account}" is not a ledger account name (e.g. assets:stripe)`);
  }
  static entryNotFound(id: string) {
    return new LedgerException('not_found', 'ledger_entry_not_found', `Journal entry ${id} does not exist`);
  }
}
