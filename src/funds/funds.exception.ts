import { AppException } from '../common/errors/app.exception.js';

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
}
