import { recusalReason, tally, Vote } from './review-tally.js';

describe('review tally', () => {
  it.each<[Vote[], number, string]>([
    [[], 2, 'pending'],
    [['approve'], 2, 'pending'],
    [['approve', 'approve'], 2, 'approved'],
    [['approve'], 1, 'approved'],
    [['recused', 'approve'], 2, 'pending'],
    [['recused', 'recused', 'approve'], 2, 'pending'],
    [['recused', 'approve', 'approve'], 2, 'approved'],
    [['approve', 'changes_requested'], 2, 'changes_requested'],
    [['changes_requested'], 2, 'changes_requested'],
    [['recused', 'changes_requested'], 3, 'changes_requested'],
    [['approve', 'approve', 'approve'], 3, 'approved'],
    [['approve', 'approve', 'recused'], 3, 'pending'],
  ])('%j with quorum %i → %s', (votes, quorum, outcome) => {
    expect(tally(votes, quorum)).toBe(outcome);
  });

  it.each<[boolean, string, string, string | null]>([
    [false, 'board@x.org', 'grantee@x.org', null],
    [true, 'board@x.org', 'grantee@x.org', 'conflict_of_interest'],
    [false, 'Grantee@X.org', 'grantee@x.org', 'grantee'],
    [true, 'grantee@x.org', 'grantee@x.org', 'grantee'],
  ])('conflict=%s reviewer %s grantee %s → %s', (conflict, reviewer, grantee, reason) => {
    expect(recusalReason(conflict, reviewer, grantee)).toBe(reason);
  });
});
