import { allMoves, canMove } from '../common/state-machine/state-machine.js';
import { ROLE_MOVES, RoleStatus, SEASON_MOVES, SeasonStatus } from './role-status.js';

describe('role status machine', () => {
  it.each<[RoleStatus, RoleStatus, boolean]>([
    ['planned', 'hiring', true],
    ['planned', 'active', true],
    ['planned', 'ended', true],
    ['hiring', 'planned', true],
    ['hiring', 'active', true],
    ['hiring', 'ended', true],
    ['active', 'ended', true],
    ['active', 'planned', false],
    ['active', 'hiring', false],
    ['ended', 'active', false],
    ['ended', 'planned', false],
    ['ended', 'hiring', false],
    ['planned', 'planned', false],
    ['active', 'active', false],
  ])('%s → %s allowed: %p', (from, to, allowed) => {
    expect(canMove(ROLE_MOVES, from, to)).toBe(allowed);
  });

  it('has 7 allowed moves of 16 and ended is final', () => {
    const { allowed, refused } = allMoves(ROLE_MOVES);
    expect(allowed).toHaveLength(7);
    expect(refused).toHaveLength(9);
    expect(ROLE_MOVES.ended).toEqual([]);
  });
});

describe('season status machine', () => {
  it.each<[SeasonStatus, SeasonStatus, boolean]>([
    ['planned', 'open', true],
    ['planned', 'closed', true],
    ['planned', 'running', false],
    ['open', 'running', true],
    ['open', 'closed', true],
    ['open', 'planned', false],
    ['running', 'closed', true],
    ['running', 'open', false],
    ['closed', 'planned', false],
    ['closed', 'running', false],
  ])('%s → %s allowed: %p', (from, to, allowed) => {
    expect(canMove(SEASON_MOVES, from, to)).toBe(allowed);
  });
});
