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
