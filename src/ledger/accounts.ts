/**
 * Account names of the chart of accounts. Lower-case, colon-separated, rooted in one of the
 * five account types, so they map one-to-one onto hledger and Beancount names.
 */
export const ACCOUNT_PATTERN = /^(assets|liabilities|equity|income|expenses)(:[a-z0-9][a-z0-9-]*)+$/;

export type Channel = 'stripe' | 'patreon' | 'merch' | 'bank' | 'crypto' | 'other';

export const Accounts = {
  /** Where a channel's money sits before it reaches the bank (Stripe balance, Patreon balance…). */
  holding: (channel: Channel) => (channel === 'bank' ? 'assets:bank' : `assets:${channel}`),
  income: (channel: Channel) => `income:donations:${channel}`,
  fees: (channel: Channel) => `expenses:fees:${channel}`,
  bank: 'assets:bank',
  /** Money Stripe holds back while a dispute is open. */
  disputed: 'assets:stripe:disputed',
  role: (role: string) => `expenses:roles:${role}`,
} as const;

export function isAccount(name: string): boolean {
  return ACCOUNT_PATTERN.test(name);
}

export interface AmountLine {
  currency: string;
  amount: bigint;
}

/** The first currency whose lines do not sum to zero, with what is left over; null when balanced. */
export function imbalance(lines: AmountLine[]): { currency: string; leftOver: bigint } | null {
  const sums = new Map<string, bigint>();
  for (const line of lines) sums.set(line.currency, (sums.get(line.currency) ?? 0n) + line.amount);
  for (const [currency, leftOver] of sums) if (leftOver !== 0n) return { currency, leftOver };
  return null;
}
