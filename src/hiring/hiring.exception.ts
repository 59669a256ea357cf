import { AppException } from '../common/errors/app.exception.js';

export enum HiringErrorCode {
  JobNotFound = 'job_not_found',
  NotFound = 'role_application_not_found',
  Erased = 'role_application_erased',
  NotHiring = 'role_not_hiring',
  DeadlinePassed = 'job_deadline_passed',
  BadUpload = 'application_bad_upload',
  NotPdf = 'cv_not_pdf',
  TooLarge = 'cv_too_large',
  NoCv = 'cv_not_found',
  IllegalMove = 'application_illegal_move',
  NeedsVote = 'application_offer_needs_vote',
  MovedMeanwhile = 'application_moved_meanwhile',
  NotVoting = 'application_not_voting',
  AlreadyVoted = 'application_already_voted',
}

export class HiringException extends AppException {
  static jobNotFound(id: string) {
    return new HiringException('not_found', HiringErrorCode.JobNotFound, `No open job posting ${id}`);
  }
  static notFound(id: string) {
    return new HiringException('not_found', HiringErrorCode.NotFound, `Application ${id} does not exist`);
  }
  static erased(id: string) {
    return new HiringException('conflict', HiringErrorCode.Erased, `Application ${id} was erased`);
  }
  static notHiring(id: string) {
    return new HiringException('not_found', HiringErrorCode.NotHiring, `Role ${id} is not taking applications`);
  }
  static deadlinePassed(deadline: string) {
    return new HiringException('conflict', HiringErrorCode.DeadlinePassed, `Applications closed on ${deadline}`);
  }
  static badUpload(field: string, message: string) {
    return new HiringException('invalid', HiringErrorCode.BadUpload, `${field}: ${message}`, [{ field, message }]);
  }
  static notPdf(problem: string) {
    return new HiringException('invalid', HiringErrorCode.NotPdf, `cv must be a PDF document: ${problem}`, [{ field: 'cv', message: problem }]);
  }
  static tooLarge(limit: number) {
    return new HiringException('too_large', HiringErrorCode.TooLarge, `The CV is too large: at most ${limit} bytes (5 MB)`, [{ field: 'cv', message: `at most ${limit} bytes` }]);
  }
  static noCv(id: string) {
    return new HiringException('not_found', HiringErrorCode.NoCv, `Application ${id} has no CV (none was sent, or it was erased)`);
  }
  static illegalMove(from: string, to: string, allowed: readonly string[]) {
    return new HiringException(
      'conflict',
      HiringErrorCode.IllegalMove,
      `An application cannot go from ${from} to ${to}; from ${from} it may go to ${allowed.join(', ') || 'nowhere (final)'}`,
    );
  }
  static needsVote(from: string, to: string) {
    return new HiringException('conflict', HiringErrorCode.NeedsVote, `${from} → ${to} is decided by the board's vote (POST /api/v1/role-applications/:id/votes), not by a move`);
  }
  static movedMeanwhile(from: string, to: string) {
    return new HiringException('conflict', HiringErrorCode.MovedMeanwhile, `The application is no longer ${from}; another request changed it, so it was not moved to ${to}`);
  }
  static notVoting(stage: string) {
    return new HiringException('conflict', HiringErrorCode.NotVoting, `Votes are taken while an application is interviewing; this one is ${stage}`);
  }
  static alreadyVoted() {
    return new HiringException('conflict', HiringErrorCode.AlreadyVoted, 'You have already voted on this application');
  }
}
