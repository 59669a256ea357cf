import { Transitions } from '../common/state-machine/state-machine.js';

export const APPLICATION_STAGES = ['received', 'shortlisted', 'interviewing', 'offered', 'hired', 'declined'] as const;
export type ApplicationStage = (typeof APPLICATION_STAGES)[number];

/**
 * The board's stages for an application to a role. Declining is possible at every open stage
 * (nobody should wait for a "no", and a candidate may turn an offer down); hired and declined
 * are final (a second try is a new application).
 */
export const APPLICATION_MOVES: Transitions<ApplicationStage> = {
  received: ['shortlisted', 'declined'],
  shortlisted: ['interviewing', 'declined'],
  interviewing: ['offered', 'declined'],
  offered: ['hired', 'declined'],
  hired: [],
  declined: [],
};

/**
 * Moves only the board's vote makes: an offer commits the organisation's money, so it needs
 * the quorum (see hiring-tally.ts), not one member pressing a button.
 */
export const VOTED_MOVES: readonly (readonly [ApplicationStage, ApplicationStage])[] = [['interviewing', 'offered']];

/** Where votes are taken: while interviewing, on whether to make an offer. */
export const VOTING_STAGE: ApplicationStage = 'interviewing';

export function isVotedMove(from: ApplicationStage, to: ApplicationStage): boolean {
  return VOTED_MOVES.some(([a, b]) => a === from && b === to);
}

/**
 * What an applicant's status link shows: the board's working stages are its own business, so a
 * shortlist and an interview both read "in progress".
 */
export const PUBLIC_APPLICATION_STAGE: Record<ApplicationStage, 'received' | 'in_progress' | 'offered' | 'hired' | 'closed'> = {
  received: 'received',
  shortlisted: 'in_progress',
  interviewing: 'in_progress',
  offered: 'offered',
  hired: 'hired',
  declined: 'closed',
};
