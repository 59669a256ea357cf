import { allMoves, canMove } from '../common/state-machine/state-machine.js';
import { GRANT_MOVES, GRANT_STATUSES, GrantStatus } from './grant-status.js';

const ALLOWED: [GrantStatus, GrantStatus][] = [
  ['drafting', 'submitted'],
  ['drafting', 'withdrawn'],
  ['submitted', 'in_review'],
  ['submitted', 'withdrawn'],
  ['in_review', 'selected'],
  ['in_review', 'rejected'],
  ['in_review', 'withdrawn'],
  ['selected', 'active'],
  ['active', 'completed'],
  ['active', 'terminated'],
];

describe('grant state machine', () => {
  it.each(ALLOWED)('allows %s → %s', (from, to) => {
    expect(canMove(GRANT_MOVES, from, to)).toBe(true);
  });

  const refused = allMoves(GRANT_MOVES).refused;
  it('refuses every other pair', () => {
    expect(refused).toHaveLength(GRANT_STATUSES.length ** 2 - ALLOWED.length);
    expect(allMoves(GRANT_MOVES).allowed).toEqual(expect.arrayContaining(ALLOWED));
  });

  it.each(refused)('refuses %s → %s', (from, to) => {
    expect(canMove(GRANT_MOVES, from, to)).toBe(false);
  });
});
