import { Transitions } from '../common/state-machine/state-machine.js';

export const INTEREST_STATUSES = ['received', 'reviewing', 'shortlisted', 'declined', 'invited'] as const;
export type InterestStatus = (typeof INTEREST_STATUSES)[number];

/**
 * Board triage. Declining is possible at every open step (no one should wait for a "no");
 * an invitation only follows a shortlist; declined and invited are final (a second idea is a
 * new interest).
 */
export const INTEREST_MOVES: Transitions<InterestStatus> = {
  received: ['reviewing', 'declined'],
  reviewing: ['shortlisted', 'declined'],
  shortlisted: ['invited', 'declined'],
  declined: [],
  invited: [],
};
