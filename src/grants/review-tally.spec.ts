import { effectiveQuorum, recusalReason, tally, Vote } from './review-tally.js';

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

describe('effective quorum on a small board', () => {
  it.each<[number, number, number, number, boolean]>([
    // configured, board size, recused → quorum, reduced
    [2, 5, 0, 2, false],
    [2, 3, 1, 2, false],
    [2, 2, 0, 2, false],
    [2, 2, 1, 1, true],
    [2, 1, 0, 1, true],
    [3, 4, 2, 2, true],
    [2, 2, 2, 1, true],
    [1, 3, 2, 1, false],
  ])('quorum %i, board of %i, %i recused → %i (reduced: %s)', (configured, size, recused, quorum, reduced) => {
    const result = effectiveQuorum(configured, size, recused);
    expect(result.quorum).toBe(quorum);
    expect(result.reduced !== null).toBe(reduced);
  });

  it('a two-member board with one recused approves with the one eligible vote', () => {
    const { quorum } = effectiveQuorum(2, 2, 1);
    expect(tally(['recused', 'approve'], quorum)).toBe('approved');
  });
});
