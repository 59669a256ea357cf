import { AppException } from '../common/errors/app.exception.js';

export class ReconciliationException extends AppException {
  static badWindow(message: string) {
    return new ReconciliationException('invalid', 'reconciliation_bad_window', message, [{ field: 'to', message }]);
  }
  static runNotFound(id: string) {
    return new ReconciliationException('not_found', 'reconciliation_run_not_found', `Reconciliation run ${id} does not exist`);
  }
  static matchNotFound(id: string) {
    return new ReconciliationException('not_found', 'reconciliation_match_not_found', `Reconciliation match ${id} does not exist`);
  }
  static bankLineNotFound(id: string) {
    return new ReconciliationException('not_found', 'bank_line_not_found', `Bank line ${id} does not exist`);
  }
  static notFound(what: string, id: string) {
    return new ReconciliationException('not_found', 'reconciliation_target_not_found', `${what} ${id} does not exist`);
  }
  static badMatchRequest(message: string) {
    return new ReconciliationException('invalid', 'reconciliation_bad_match', message, [{ field: 'body', message }]);
  }
  static conflict(code: string, message: string) {
    return new ReconciliationException('conflict', code, message);
  }
  static databaseLost() {
    return new ReconciliationException('unavailable', 'reconciliation_database_lost', 'The database connection was lost during the run; nothing of it was kept. Run it again.');
  }
  static wouldDouble(message: string, donations: unknown[]) {
    return new ReconciliationException('conflict', 'bank_line_would_double_donation', message, donations);
  }
  static notAcknowledgeable(id: string, why: string) {
    return new ReconciliationException('conflict', 'reconciliation_not_acknowledgeable', `Finding ${id} cannot be acknowledged: ${why}`);
  }
}
