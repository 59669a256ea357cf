import { hiringOutcome, hiringQuorum, hiringRecusal, HiringVote } from './hiring-tally.js';

describe('hiringQuorum (the small-board rule)', () => {
  it.each<[string, number, number, number, number, number, boolean]>([
    // label, configured, board, conflicts, applicant, applied, reduced
    ['nobody recused', 2, 3, 0, 0, 2, false],
    ['enough left after a recusal', 2, 3, 1, 0, 2, false],
    ['two members, one recused', 2, 2, 1, 0, 1, true],
    ['two members, one is the applicant', 2, 2, 0, 1, 1, true],
    ['everyone recused: still at least one', 2, 2, 2, 0, 1, true],
    ['quorum 3, board 4, two recused', 3, 4, 1, 1, 2, true],
    ['a board smaller than the quorum with no recusal keeps it', 2, 1, 0, 0, 2, false],
  ])('%s', (_, configured, board, conflicts, applicant, applied, reduced) => {
    const q = hiringQuorum(configured, board, { conflict_of_interest: conflicts, applicant });
    expect(q.applied).toBe(applied);
    expect(q.configured).toBe(configured);
    expect(q.reducedReason !== null).toBe(reduced);
  });

  it('says why it was reduced', () => {
    expect(hiringQuorum(2, 2, { conflict_of_interest: 1, applicant: 0 }).reducedReason).toBe(
      '1 of 2 board members recused (1 declared a conflict of interest), leaving 1 eligible, fewer than the quorum of 2: quorum reduced to 1',
    );
  });
});

describe('hiringOutcome', () => {
  it.each<[HiringVote[], number, string]>([
    [[], 2, 'pending'],
    [['offer'], 2, 'pending'],
    [['offer', 'offer'], 2, 'offered'],
    [['offer', 'recused'], 2, 'pending'],
    [['offer', 'recused'], 1, 'offered'],
    [['decline', 'decline'], 2, 'declined'],
    [['offer', 'decline'], 2, 'pending'],
    [['recused', 'recused'], 1, 'pending'],
  ])('%j with quorum %i → %s', (votes, quorum, expected) => {
    expect(hiringOutcome(votes, quorum)).toBe(expected);
  });
});

describe('hiringRecusal', () => {
  it.each<[boolean, string, string, string | null]>([
    [false, 'a@board.test', 'x@applicant.test', null],
    [true, 'a@board.test', 'x@applicant.test', 'conflict_of_interest'],
    [false, 'Ann@Board.test ', 'ann@board.test', 'applicant'],
    [true, 'ann@board.test', 'ann@board.test', 'applicant'],
  ])('conflict %s, voter %s, applicant %s → %s', (conflict, voter, applicant, expected) => {
    expect(hiringRecusal(conflict, voter, applicant)).toBe(expected);
  });
});
