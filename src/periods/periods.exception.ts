import { AppException } from '../common/errors/app.exception.js';

export class PeriodsException extends AppException {
  static badMonth(value: string) {
    return new PeriodsException('invalid', 'period_bad_month', `"${value}" is not a month; use YYYY-MM`, [{ field: 'month', message: 'must be YYYY-MM' }]);
  }
  static notOver(month: string) {
    return new PeriodsException('conflict', 'period_not_over', `The month ${month} is not over yet; it can be closed from its last day on`);
  }
  static alreadyClosed(month: string) {
    return new PeriodsException('conflict', 'period_closed', `The month ${month} is already closed`);
  }
  static closedFor(month: string, date: string) {
    return new PeriodsException('conflict', 'period_closed', `The month ${month} is closed: nothing may be dated ${date}; book it in an open month`);
  }
  static openItems(month: string, items: unknown[]) {
    return new PeriodsException('conflict', 'period_open_items', `The month ${month} cannot be closed: ${items.length} item(s) are still open`, items);
  }
}
