import { allMoves, canMove } from '../common/state-machine/state-machine.js';
import { MILESTONE_MOVES, MILESTONE_STATUSES, MilestoneStatus } from './milestone-status.js';

const ALLOWED: [MilestoneStatus, MilestoneStatus][] = [
  ['planned', 'in_progress'],
  ['in_progress', 'submitted'],
  ['submitted', 'approved'],
  ['submitted', 'changes_requested'],
  ['changes_requested', 'submitted'],
  ['approved', 'payment_requested'],
  ['payment_requested', 'paid'],
];

describe('milestone state machine', () => {
  it.each(ALLOWED)('allows %s → %s', (from, to) => {
    expect(canMove(MILESTONE_MOVES, from, to)).toBe(true);
  });

  const { allowed, refused } = allMoves(MILESTONE_MOVES);
  it('allows nothing else', () => {
    expect(allowed).toHaveLength(ALLOWED.length);
    expect(refused).toHaveLength(MILESTONE_STATUSES.length ** 2 - ALLOWED.length);
  });

  it.each(refused)('refuses %s → %s', (from, to) => {
    expect(canMove(MILESTONE_MOVES, from, to)).toBe(false);
  });
});
