import { AppException } from '../common/errors/app.exception.js';

export class RatesException extends AppException {
  static sameCurrency(currency: string) {
    return new RatesException('invalid', 'rate_same_currency', `A rate from ${currency} to ${currency} is always 1; give two different currencies`, [
      { field: 'to', message: 'must differ from "from"' },
    ]);
  }
}
