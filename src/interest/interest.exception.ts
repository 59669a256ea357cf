import { AppException } from '../common/errors/app.exception.js';

export enum InterestErrorCode {
  NotFound = 'interest_not_found',
  Erased = 'interest_erased',
  IllegalTransition = 'illegal_transition',
  ConcurrentTransition = 'concurrent_transition',
}

export class InterestException extends AppException {
  static notFound(id: string) {
    return new InterestException('not_found', InterestErrorCode.NotFound, `Interest ${id} does not exist`);
  }
  static erased(id: string) {
    return new InterestException('conflict', InterestErrorCode.Erased, `Interest ${id} was erased`);
  }
  static illegalMove(from: string, to: string) {
    return new InterestException('conflict', InterestErrorCode.IllegalTransition, `An interest cannot move from ${from} to ${to}`, [{ from, to }]);
  }
  /** The row changed between our read and our update (another request won). */
  static movedMeanwhile(from: string, to: string) {
    return new InterestException(
      'conflict',
      InterestErrorCode.ConcurrentTransition,
      `The interest is no longer ${from}; it was changed by another request, so it was not moved to ${to}`,
      [{ from, to }],
    );
  }
}
