import { convertWith, StoredRate } from '../rates/rate-math.js';

export interface Shortfall {
  /** The currency the figures are in: the spending's own, or BASE_CURRENCY when other currencies had to count. */
  currency: string;
  /** What the fund holds (in `currency`) before the spending. */
  available: bigint;
  /** How far below zero the spending would take it. */
  amount: bigint;
}

/**
 * How far spending `amount` of `currency` would take a fund below zero, or null when it can
 * pay. Money in the spending's own currency counts first; when that is not enough, the whole
 * fund counts in `base` at the latest rates (a fund holding EUR may pay a USD invoice). A
 * currency without a rate cannot be valued, so then only the spending's own currency counts.
 */
export function shortfall(balances: ReadonlyMap<string, bigint>, currency: string, amount: bigint, rates: ReadonlyMap<string, StoredRate>, base: string): Shortfall | null {
  const own = balances.get(currency) ?? 0n;
  if (own >= amount) return null;
  const ownOnly = { currency, available: own, amount: amount - own };
  const spend = convertWith(rates, amount, currency, base);
  if (spend === null) return ownOnly;
  let total = 0n;
  for (const [c, balance] of balances) {
    const value = convertWith(rates, balance, c, base);
    if (value === null) return ownOnly;
    total += value;
  }
  return total >= spend ? null : { currency: base, available: total, amount: spend - total };
}
