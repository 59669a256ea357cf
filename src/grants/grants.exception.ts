import { AppException } from '../common/errors/app.exception.js';

export class GrantsException extends AppException {
  static notFound(entity: 'grant' | 'milestone', id: string) {
    return new GrantsException('not_found', `${entity}_not_found`, `${entity[0].toUpperCase()}${entity.slice(1)} ${id} does not exist`);
  }
  /** 403: who the member is, not the grant's state, is the problem; another member can do it. */
  static ownGrant(why: 'grantee' | 'conflict_of_interest') {
    const reason = why === 'grantee' ? 'you are the grantee of this grant' : 'you declared a conflict of interest on this grant';
    return new GrantsException('forbidden', `own_grant_${why}`, `Refused: ${reason}; another board member or an admin must make this change`, [{ reason: why }]);
  }
  static illegalMove(entity: string, from: string, to: string) {
    return new GrantsException('conflict', 'illegal_transition', `A ${entity} cannot move from ${from} to ${to}`, [{ from, to }]);
  }
  /** The row changed between our read and our update (another request won). */
  static movedMeanwhile(entity: string, from: string, to: string) {
    return new GrantsException('conflict', 'concurrent_transition', `The ${entity} is no longer ${from}; it was changed by another request, so it was not moved to ${to}`, [
      { from, to },
    ]);
  }
  static milestonesDoNotSum(awarded: string, planned: string, difference: string) {
    return new GrantsException('conflict', 'milestones_do_not_sum', `Milestones sum to ${planned} but the award is ${awarded}: a difference of ${difference}`, [
      { awarded, milestones: planned, difference },
    ]);
  }
  static awardRequired() {
    return new GrantsException('invalid', 'award_required', 'awardedAmount is required to select a grant', [
      { field: 'awardedAmount', message: 'required when status is selected' },
    ]);
  }
  static currencyMismatch(field: string, expected: string, got: string) {
    return new GrantsException('invalid', 'currency_mismatch', `${field} must be in the grant's currency ${expected}, not ${got}`, [{ field, message: `must be ${expected}` }]);
  }
  static fundRequired() {
    return new GrantsException('invalid', 'fund_required', "A 'self' grant (a stipend paid by the organisation) needs the fund that pays it", [
      { field: 'fund', message: "required when funder is 'self'" },
    ]);
  }
  static milestonesLocked(status: string) {
    return new GrantsException('conflict', 'milestones_locked', `Milestones of a ${status} grant cannot be changed`);
  }
  static frozen(id: string, status: string) {
    return new GrantsException('conflict', 'milestone_frozen', `Milestone ${id} is ${status}: a payment request was filed, so it can no longer change`);
  }
  static cannotDrop(id: string) {
    return new GrantsException('conflict', 'milestone_not_droppable', `Milestone ${id} is part of the active grant: an amendment must keep it (amend it instead)`);
  }
  static notAwaitingReview(id: string, status: string) {
    return new GrantsException('conflict', 'milestone_not_in_review', `Milestone ${id} is ${status}, not submitted: there is nothing to vote on`);
  }
  static alreadyVoted() {
    return new GrantsException('conflict', 'already_voted', 'You have already voted on this submission of the milestone');
  }
  static notAllPaid(open: number) {
    return new GrantsException('conflict', 'milestones_open', `${open} milestone(s) are not paid yet; a grant completes when all are paid`);
  }
  static grantNotActive(status: string) {
    return new GrantsException('conflict', 'grant_not_active', `The grant is ${status}; milestones can only be worked on while it is active`);
  }
  static unknownMilestone(id: string) {
    return new GrantsException('invalid', 'unknown_milestone', `Milestone ${id} is not one of this grant's milestones`, [
      { field: 'id', message: 'not a milestone of this grant' },
    ]);
  }
  static noLink() {
    return new GrantsException('conflict', 'grant_not_active', 'A grantee link is only issued for an active grant');
  }
}
