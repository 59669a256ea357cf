/** A donation's status from its refunds and disputes ('failed' is set only by a failed payment). */
export function donationStatus(amount: bigint, refunded: bigint, disputeOpenOrLost: boolean): 'succeeded' | 'refunded' | 'partially_refunded' | 'disputed' {
  if (disputeOpenOrLost) return 'disputed';
  if (refunded >= amount) return 'refunded';
  if (refunded > 0n) return 'partially_refunded';
  return 'succeeded';
}
