import { Transitions } from '../common/state-machine/state-machine.js';

export const ROLE_KINDS = ['staff', 'contractor', 'stipend'] as const;
export type RoleKind = (typeof ROLE_KINDS)[number];

export const ROLE_STATUSES = ['planned', 'hiring', 'active', 'ended'] as const;
export type RoleStatus = (typeof ROLE_STATUSES)[number];

/**
 * A role is planned, may be advertised (hiring) or go back to planned, becomes active once
 * someone holds it, and ends. A role that never started may also be dropped (→ ended).
 * Ended is final: a role that comes back is a new role with its own history.
 */
export const ROLE_MOVES: Transitions<RoleStatus> = {
  planned: ['hiring', 'active', 'ended'],
  hiring: ['planned', 'active', 'ended'],
  active: ['ended'],
  ended: [],
};

/** Money is paid to a role that is active, or after it ended (the last invoice). */
export const PAYABLE: readonly RoleStatus[] = ['active', 'ended'];

/** What the runway counts as committed: everything not ended (a role being hired for will cost). */
export const COMMITTED: readonly RoleStatus[] = ['planned', 'hiring', 'active'];

export const SEASON_STATUSES = ['planned', 'open', 'running', 'closed'] as const;
export type SeasonStatus = (typeof SEASON_STATUSES)[number];

/** A season is planned, opens for applications, runs, and closes; it can be called off before it runs. */
export const SEASON_MOVES: Transitions<SeasonStatus> = {
  planned: ['open', 'closed'],
  open: ['running', 'closed'],
  running: ['closed'],
  closed: [],
};

/** A closed season takes no new stipends. */
export const SEASON_TAKES_STIPENDS: readonly SeasonStatus[] = ['planned', 'open', 'running'];
