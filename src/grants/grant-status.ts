import { Transitions } from '../common/state-machine/state-machine.js';

export const GRANT_STATUSES = ['drafting', 'submitted', 'in_review', 'selected', 'rejected', 'withdrawn', 'active', 'completed', 'terminated'] as const;
export type GrantStatus = (typeof GRANT_STATUSES)[number];

/**
 * SPEC §8, following NLnet's process. The applicant may withdraw until the funder decides;
 * once selected the memorandum is being signed, so the way out is activation and later
 * termination, not a withdrawal. rejected, withdrawn, completed and terminated are final.
 */
export const GRANT_MOVES: Transitions<GrantStatus> = {
  drafting: ['submitted', 'withdrawn'],
  submitted: ['in_review', 'withdrawn'],
  in_review: ['selected', 'rejected', 'withdrawn'],
  selected: ['active'],
  active: ['completed', 'terminated'],
  rejected: [],
  withdrawn: [],
  completed: [],
  terminated: [],
};

/** Milestones may be replaced as a set until the grant is active; afterwards only amended. */
export const MILESTONES_REPLACEABLE: readonly GrantStatus[] = ['drafting', 'submitted', 'in_review', 'selected'];
