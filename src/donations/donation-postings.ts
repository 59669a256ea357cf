import { Accounts, Channel } from '../ledger/accounts.js';
import type { PostingInput } from '../ledger/ledger.service.js';

/**
 * The journal lines of the money events of a donation. Pure functions, so the shape of the
 * books is visible (and tested) in one place.
 *
 *   received:  Dr holding (net) · Dr fees (fee) · Cr income (gross)
 *   fee later: Dr fees · Cr holding                (gross was booked to holding first)
 *   refund:    Dr income · Cr holding
 */
export function receivedPostings(d: { channel: Channel; fundId: string; currency: string; amount: bigint; fee: bigint }): PostingInput[] {
  const { channel, fundId, currency } = d;
  return [
    { account: Accounts.holding(channel), fundId, currency, amount: d.amount - d.fee },
    { account: Accounts.fees(channel), fundId, currency, amount: d.fee },
    { account: Accounts.income(channel), fundId, currency, amount: -d.amount },
  ];
}

export function feePostings(d: { channel: Channel; fundId: string; currency: string }, fee: bigint): PostingInput[] {
  return [
    { account: Accounts.fees(d.channel), fundId: d.fundId, currency: d.currency, amount: fee },
    { account: Accounts.holding(d.channel), fundId: d.fundId, currency: d.currency, amount: -fee },
  ];
}

export function refundPostings(d: { channel: Channel; fundId: string; currency: string }, amount: bigint): PostingInput[] {
  return [
    { account: Accounts.income(d.channel), fundId: d.fundId, currency: d.currency, amount },
    { account: Accounts.holding(d.channel), fundId: d.fundId, currency: d.currency, amount: -amount },
  ];
}

/** Moves every balance a donation left under one fund to another (same accounts and currencies). */
export function reclassPostings(balances: { account: string; currency: string; amount: bigint }[], fromFund: string, toFund: string): PostingInput[] {
  return balances
    .filter((b) => b.amount !== 0n)
    .flatMap((b) => [
      { account: b.account, fundId: fromFund, currency: b.currency, amount: -b.amount },
      { account: b.account, fundId: toFund, currency: b.currency, amount: b.amount },
    ]);
}

/** A donation's status from its refunds and disputes ('failed' is set only by a failed payment). */
export function donationStatus(amount: bigint, refunded: bigint, disputeOpenOrLost: boolean): 'succeeded' | 'refunded' | 'partially_refunded' | 'disputed' {
  if (disputeOpenOrLost) return 'disputed';
  if (refunded >= amount) return 'refunded';
  if (refunded > 0n) return 'partially_refunded';
  return 'succeeded';
}
