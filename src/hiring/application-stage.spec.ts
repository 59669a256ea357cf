import { allMoves, canMove } from '../common/state-machine/state-machine.js';
import { APPLICATION_MOVES, ApplicationStage, isVotedMove } from './application-stage.js';

describe('application stages', () => {
  const { allowed, refused } = allMoves(APPLICATION_MOVES);

  it.each<[ApplicationStage, ApplicationStage, boolean]>([
    ['received', 'shortlisted', true],
    ['received', 'declined', true],
    ['received', 'interviewing', false],
    ['received', 'hired', false],
    ['shortlisted', 'interviewing', true],
    ['shortlisted', 'declined', true],
    ['shortlisted', 'offered', false],
    ['interviewing', 'offered', true],
    ['interviewing', 'declined', true],
    ['interviewing', 'hired', false],
    ['offered', 'hired', true],
    ['offered', 'declined', true],
    ['offered', 'interviewing', false],
    ['hired', 'declined', false],
    ['declined', 'received', false],
    ['declined', 'hired', false],
  ])('%s → %s allowed: %s', (from, to, expected) => {
    expect(canMove(APPLICATION_MOVES, from, to)).toBe(expected);
  });

  it('has exactly the moves of the table and two final stages', () => {
    expect(allowed).toHaveLength(8);
    expect(refused).toHaveLength(36 - 8);
    expect(
      Object.entries(APPLICATION_MOVES)
        .filter(([, to]) => to.length === 0)
        .map(([from]) => from),
    ).toEqual(['hired', 'declined']);
  });

  it.each<[ApplicationStage, ApplicationStage, boolean]>([
    ['interviewing', 'offered', true],
    ['interviewing', 'declined', false],
    ['offered', 'hired', false],
  ])('%s → %s is made only by a vote: %s', (from, to, expected) => {
    expect(isVotedMove(from, to)).toBe(expected);
  });
});
