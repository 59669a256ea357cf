/**
 * The donations that count as given, in SQL: not failed, and not reversed (a reversal corrects a
 * donation recorded by mistake: it was never given, so no total, statement or summary shows it).
 * Refunds and lost disputes still count as donations; callers subtract their amounts.
 */
export function countedDonation(alias?: string): string {
  return `${alias ? `${alias}.` : ''}status NOT IN ('failed', 'reversed')`;
}
