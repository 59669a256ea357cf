export type Vote = 'approve' | 'changes_requested' | 'recused';

export type ReviewOutcome = 'approved' | 'changes_requested' | 'pending';

/**
 * The outcome of one review round. Recusals never count. One request for changes sends the
 * milestone back at once (the grantee should not wait for a quorum to hear what to fix);
 * otherwise `quorum` approvals approve.
 */
export function tally(votes: readonly Vote[], quorum: number): ReviewOutcome {
  if (votes.includes('changes_requested')) return 'changes_requested';
  const approvals = votes.filter((v) => v === 'approve').length;
  return approvals >= quorum ? 'approved' : 'pending';
}

/** A board member steps aside when they declare a conflict or are the grantee themselves. */
export function recusalReason(conflictOfInterest: boolean, reviewerEmail: string, granteeEmail: string): 'conflict_of_interest' | 'grantee' | null {
  if (reviewerEmail.trim().toLowerCase() === granteeEmail.trim().toLowerCase()) return 'grantee';
  return conflictOfInterest ? 'conflict_of_interest' : null;
}

export interface EffectiveQuorum {
  quorum: number;
  /** Set when recusals left fewer eligible members than the configured quorum. */
  reduced: { from: number; eligible: number; recused: number } | null;
}

/**
 * A small board must still be able to decide: with a quorum of 2 and a board of two where one
 * member is recused, nothing could ever be approved. When recusals leave fewer eligible members
 * than the quorum, the quorum becomes every eligible member (at least one), and the decision
 * records that it was reduced and why. Used by milestone reviews and hiring votes alike.
 */
export function effectiveQuorum(configured: number, boardSize: number, recused: number): EffectiveQuorum {
  const eligible = Math.max(boardSize - recused, 0);
  if (eligible >= configured) return { quorum: configured, reduced: null };
  return { quorum: Math.max(eligible, 1), reduced: { from: configured, eligible, recused } };
}
