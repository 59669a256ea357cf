import { Accounts, Channel } from './accounts.js';
import type { PostingInput } from './ledger.service.js';

/**
 * The postings of every money event, in one place so the shape of the books is visible and
 * tested together (`journal-shapes.spec.ts` proves each balances). Positive amounts debit,
 * negative ones credit; every line of a shape carries the same fund and currency.
 *
 *   donation received   Dr holding (net) · Dr fees (fee) · Cr income (gross)
 *   fee learnt later    Dr fees · Cr holding                 (gross was booked to holding first)
 *   refund              Dr income · Cr holding
 *   fund reclass        each balance out of one fund and into another
 *   dispute opened      Dr assets:stripe:disputed · Cr assets:stripe
 *   dispute fee         Dr expenses:fees:stripe · Cr assets:stripe
 *   dispute won         Dr assets:stripe · Cr assets:stripe:disputed
 *   dispute lost        Dr income:donations:stripe · Cr assets:stripe:disputed
 *   payout to the bank  Dr assets:bank · Cr holding          (Stripe's or another provider's)
 *   stipend paid        Dr expenses:stipends · Cr assets:bank
 *   reversal            every posting of an entry with the opposite sign
 */
export interface Book {
  fundId: string;
  currency: string;
}

/** Dr `debit` · Cr `credit`, one amount. */
function transfer(debit: string, credit: string, book: Book, amount: bigint): PostingInput[] {
  return [
    { account: debit, fundId: book.fundId, currency: book.currency, amount },
    { account: credit, fundId: book.fundId, currency: book.currency, amount: -amount },
  ];
}

export function donationReceived(d: Book & { channel: Channel; amount: bigint; fee: bigint }): PostingInput[] {
  const { channel, fundId, currency } = d;
  return [
    { account: Accounts.holding(channel), fundId, currency, amount: d.amount - d.fee },
    { account: Accounts.fees(channel), fundId, currency, amount: d.fee },
    { account: Accounts.income(channel), fundId, currency, amount: -d.amount },
  ];
}

export function donationFee(d: Book & { channel: Channel }, fee: bigint): PostingInput[] {
  return transfer(Accounts.fees(d.channel), Accounts.holding(d.channel), d, fee);
}

export function donationRefund(d: Book & { channel: Channel }, amount: bigint): PostingInput[] {
  return transfer(Accounts.income(d.channel), Accounts.holding(d.channel), d, amount);
}

/** Moves every balance a donation left under one fund to another (same accounts and currencies). */
export function fundReclass(balances: { account: string; currency: string; amount: bigint }[], fromFund: string, toFund: string): PostingInput[] {
  return balances
    .filter((b) => b.amount !== 0n)
    .flatMap((b) => [
      { account: b.account, fundId: fromFund, currency: b.currency, amount: -b.amount },
      { account: b.account, fundId: toFund, currency: b.currency, amount: b.amount },
    ]);
}

/** Stripe holds a disputed amount back from the balance until the dispute closes. */
export function disputeHold(book: Book, amount: bigint): PostingInput[] {
  return transfer(Accounts.disputed, Accounts.holding('stripe'), book, amount);
}

export function disputeFee(book: Book, fee: bigint): PostingInput[] {
  return transfer(Accounts.fees('stripe'), Accounts.holding('stripe'), book, fee);
}

/** Won: the held amount returns to the Stripe balance. Lost: it leaves as reversed income. */
export function disputeClosed(book: Book, result: 'won' | 'lost', held: bigint): PostingInput[] {
  return transfer(result === 'won' ? Accounts.holding('stripe') : Accounts.income('stripe'), Accounts.disputed, book, held);
}

export function payoutToBank(book: Book & { channel: Channel }, amount: bigint): PostingInput[] {
  return transfer(Accounts.bank, Accounts.holding(book.channel), book, amount);
}

/** A stipend the organisation pays from its own fund, from the bank. */
export function stipendPaid(book: Book, amount: bigint): PostingInput[] {
  return transfer(Accounts.stipends, Accounts.bank, book, amount);
}

/** The mirror image of an entry: same accounts, funds and rates, opposite signs. */
export function reversal(postings: PostingInput[]): PostingInput[] {
  return postings.map((p) => ({ ...p, amount: -p.amount }));
}
