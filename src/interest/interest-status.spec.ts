import { allMoves, canMove } from '../common/state-machine/state-machine.js';
import { INTEREST_MOVES, INTEREST_STATUSES, InterestStatus } from './interest-status.js';

const ALLOWED: [InterestStatus, InterestStatus][] = [
  ['received', 'reviewing'],
  ['received', 'declined'],
  ['reviewing', 'shortlisted'],
  ['reviewing', 'declined'],
  ['shortlisted', 'invited'],
  ['shortlisted', 'declined'],
];

describe('interest triage state machine', () => {
  it.each(ALLOWED)('allows %s → %s', (from, to) => {
    expect(canMove(INTEREST_MOVES, from, to)).toBe(true);
  });

  const { allowed, refused } = allMoves(INTEREST_MOVES);
  it('allows nothing else', () => {
    expect(allowed).toHaveLength(ALLOWED.length);
    expect(refused).toHaveLength(INTEREST_STATUSES.length ** 2 - ALLOWED.length);
  });

  it.each(refused)('refuses %s → %s', (from, to) => {
    expect(canMove(INTEREST_MOVES, from, to)).toBe(false);
  });
});
