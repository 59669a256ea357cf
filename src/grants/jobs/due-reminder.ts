export const DAYS_BEFORE_DUE = 7;

/**
 * Which reminder a milestone due on `dueOn` gets on `today` (both YYYY-MM-DD): `before` from
 * seven days ahead up to the due date itself, `overdue` from the day after. A milestone that is
 * already overdue when first seen gets only the overdue one.
 */
export function dueReminder(dueOn: string, today: string): 'before' | 'overdue' | null {
  const days = (Date.parse(`${dueOn}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000;
  if (days < 0) return 'overdue';
  if (days <= DAYS_BEFORE_DUE) return 'before';
  return null;
}
