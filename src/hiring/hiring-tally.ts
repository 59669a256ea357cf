import { recusalReason } from '../grants/review-tally.js';

export type HiringVote = 'offer' | 'decline' | 'recused';
export type HiringRecusal = 'conflict_of_interest' | 'applicant';

export interface Quorum {
  configured: number;
  applied: number;
  /** Why the applied quorum is lower than the configured one; null when it is not. */
  reducedReason: string | null;
}

/**
 * The milestone review's recusal rule, for hiring: a member who declares a conflict of
 * interest, or who is the applicant, steps aside.
 */
export function hiringRecusal(conflictOfInterest: boolean, voterEmail: string, applicantEmail: string): HiringRecusal | null {
  const reason = recusalReason(conflictOfInterest, voterEmail, applicantEmail);
  return reason === 'grantee' ? 'applicant' : reason;
}

/**
 * The small-board rule: when recusals leave fewer eligible board members than the configured
 * quorum (GRANT_REVIEW_QUORUM), the quorum becomes all eligible members, at least one — so a
 * two-member board with one member recused can still decide — and says why. A board smaller
 * than the quorum with nobody recused keeps the quorum it was configured with.
 */
export function hiringQuorum(configured: number, boardSize: number, recused: Record<HiringRecusal, number>): Quorum {
  const recusals = recused.conflict_of_interest + recused.applicant;
  const eligible = Math.max(0, boardSize - recusals);
  if (recusals === 0 || eligible >= configured) return { configured, applied: configured, reducedReason: null };
  const applied = Math.max(1, eligible);
  const why = [
    recused.conflict_of_interest ? `${recused.conflict_of_interest} declared a conflict of interest` : null,
    recused.applicant ? `${recused.applicant} is the applicant` : null,
  ].filter(Boolean);
  return {
    configured,
    applied,
    reducedReason: `${recusals} of ${boardSize} board members recused (${why.join(', ')}), leaving ${eligible} eligible, fewer than the quorum of ${configured}: quorum reduced to ${applied}`,
  };
}

/** `quorum` offers make the offer; `quorum` declines decline; otherwise the vote goes on. Recusals never count. */
export function hiringOutcome(votes: readonly HiringVote[], quorum: number): 'offered' | 'declined' | 'pending' {
  if (votes.filter((v) => v === 'offer').length >= quorum) return 'offered';
  if (votes.filter((v) => v === 'decline').length >= quorum) return 'declined';
  return 'pending';
}
