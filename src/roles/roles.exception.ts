import { AppException } from '../common/errors/app.exception.js';
import { formatMoney } from '../common/money/money.js';

const money = (amount: bigint, currency: string) => formatMoney(amount, currency);

export class RolesException extends AppException {
  static notFound(id: string) {
    return new RolesException('not_found', 'role_not_found', `Role ${id} does not exist`);
  }
  static seasonNotFound(id: string) {
    return new RolesException('not_found', 'season_not_found', `Season ${id} does not exist`);
  }
  static paymentNotFound(id: string) {
    return new RolesException('not_found', 'role_payment_not_found', `Payment ${id} of this role does not exist`);
  }
  static terms(field: string, message: string) {
    return new RolesException('invalid', 'role_terms', `${field} ${message}`, [{ field, message }]);
  }
  static illegalMove(from: string, to: string, allowed: readonly string[]) {
    return new RolesException('conflict', 'role_illegal_move', `A role cannot go from ${from} to ${to}; from ${from} it may go to ${allowed.join(', ') || 'nowhere (final)'}`);
  }
  static seasonIllegalMove(from: string, to: string, allowed: readonly string[]) {
    return new RolesException('conflict', 'season_illegal_move', `A season cannot go from ${from} to ${to}; from ${from} it may go to ${allowed.join(', ') || 'nowhere (final)'}`);
  }
  static needsHolder() {
    return new RolesException('conflict', 'role_needs_holder', 'An active role needs a holder {name, email}');
  }
  static holderWhileActive() {
    return new RolesException('conflict', 'role_holder_required', 'The holder of an active role can be changed but not removed; end the role instead');
  }
  static notPayable(status: string) {
    return new RolesException('conflict', 'role_not_payable', `A ${status} role cannot be paid; payments go to active roles (or ended ones, for the last invoice)`);
  }
  static currency(expected: string, got: string) {
    return new RolesException('invalid', 'role_currency', `This is paid in ${expected}, not ${got}`, [{ field: 'amount.currency', message: `must be ${expected}` }]);
  }
  static beyondSchedule(paid: bigint, amount: bigint, allowed: bigint, currency: string, through: string) {
    return new RolesException(
      'conflict',
      'role_payment_beyond_schedule',
      `Paying ${money(amount, currency)} would bring this role's payments to ${money(paid + amount, currency)}, beyond the ${money(allowed, currency)} ` +
        `its terms allow through ${through}; give an overrideReason to pay it anyway`,
      [{ field: 'overrideReason', message: 'required for a payment beyond the schedule or the remaining stipend' }],
    );
  }
  static alreadyReversed(id: string) {
    return new RolesException('conflict', 'role_payment_reversed', `Payment ${id} has already been reversed`);
  }
  static seasonClosed(name: string) {
    return new RolesException('conflict', 'season_closed', `Season "${name}" is closed and takes no new stipends`);
  }
  static seasonMismatch(field: string, message: string) {
    return new RolesException('invalid', 'season_mismatch', `${field} ${message}`, [{ field, message }]);
  }
  static overCap(season: string, stipend: bigint, cap: bigint, currency: string) {
    return new RolesException('conflict', 'stipend_over_cap', `A stipend of ${money(stipend, currency)} exceeds season "${season}"'s per-student cap of ${money(cap, currency)}`, [
      { field: 'totalStipend', message: `at most ${cap}` },
    ]);
  }
  static overBudget(season: string, committed: bigint, stipend: bigint, budget: bigint, currency: string) {
    return new RolesException(
      'conflict',
      'season_over_budget',
      `Season "${season}" has ${money(committed, currency)} of its ${money(budget, currency)} budget committed; a stipend of ${money(stipend, currency)} ` +
        `would exceed it by ${money(committed + stipend - budget, currency)}`,
      [{ season, budget: budget.toString(), committed: committed.toString(), over: (committed + stipend - budget).toString() }],
    );
  }
  static seasonNameTaken(name: string) {
    return new RolesException('conflict', 'season_name_taken', `A season named "${name}" already exists`);
  }
}
