import { AppException } from '../common/errors/app.exception.js';

export class ExpensesException extends AppException {
  static notFound(id: string) {
    return new ExpensesException('not_found', 'expense_not_found', `Expense ${id} does not exist`);
  }
  static invalid(field: string, message: string) {
    return new ExpensesException('invalid', 'expense_invalid', `${field} ${message}`, [{ field, message }]);
  }
  static alreadyReversed(id: string) {
    return new ExpensesException('conflict', 'expense_reversed', `Expense ${id} has already been reversed`);
  }
}
