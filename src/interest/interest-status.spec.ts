import { allMoves, canMove } from '../common/state-machine/state-machine.js';
import { INTEREST_MOVES, INTEREST_STATUSES, InterestStatus, PUBLIC_INTEREST_STATUS, publicInterestWording } from './interest-status.js';

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

  it.each([
    ['received', 'received'],
    ['reviewing', 'under_review'],
    ['shortlisted', 'under_review'],
    ['declined', 'declined'],
    ['invited', 'invited'],
  ] as const)('shows %s to the applicant as %s', (status, shown) => {
    expect(PUBLIC_INTEREST_STATUS[status]).toBe(shown);
    expect(publicInterestWording(status, 'en').status).toBe(shown);
    expect(publicInterestWording(status, 'de').wording).not.toBe(publicInterestWording(status, 'en').wording);
  });

  it('never says "shortlisted" to the applicant', () => {
    for (const locale of ['en', 'de'] as const) expect(publicInterestWording('shortlisted', locale).wording.toLowerCase()).not.toContain('shortlist');
  });
});
