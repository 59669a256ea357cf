import { Transitions } from '../common/state-machine/state-machine.js';

export const MILESTONE_STATUSES = ['planned', 'in_progress', 'submitted', 'approved', 'changes_requested', 'payment_requested', 'paid'] as const;
export type MilestoneStatus = (typeof MILESTONE_STATUSES)[number];

/**
 * SPEC §8. A request for changes goes back to the grantee, who submits again. Once payment is
 * requested the milestone is frozen: its content cannot be amended any more.
 */
export const MILESTONE_MOVES: Transitions<MilestoneStatus> = {
  planned: ['in_progress'],
  in_progress: ['submitted'],
  submitted: ['approved', 'changes_requested'],
  changes_requested: ['submitted'],
  approved: ['payment_requested'],
  payment_requested: ['paid'],
  paid: [],
};

export const FROZEN_MILESTONE: readonly MilestoneStatus[] = ['payment_requested', 'paid'];

/** States from which the grantee may submit evidence (a planned milestone starts on the way). */
export const SUBMITTABLE: readonly MilestoneStatus[] = ['planned', 'in_progress', 'changes_requested'];
