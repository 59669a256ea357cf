const DAY_MS = 86_400_000;

/** Days before a deadline at which the drafting applicants and the board are reminded. */
export const REMINDER_THRESHOLDS = [14, 3] as const;

/**
 * The tightest threshold already reached before a deadline still ahead, or null. A call
 * created 2 days before its deadline gets only the 3-day reminder, never a late "14 days".
 */
export function reminderDue(deadline: Date, now: Date, thresholds: readonly number[] = REMINDER_THRESHOLDS): { threshold: number; daysLeft: number } | null {
  const left = deadline.getTime() - now.getTime();
  if (left <= 0) return null;
  const reached = thresholds.filter((days) => left <= days * DAY_MS);
  if (reached.length === 0) return null;
  return { threshold: Math.min(...reached), daysLeft: Math.ceil(left / DAY_MS) };
}

export function isTimeZone(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** ISO 8601 with an explicit offset (`Z` or `±hh:mm`), and a real instant. */
export function isIsoWithOffset(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) return false;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return false;
  // Date() rolls 2025-02-30 over into March; the calendar part must survive unchanged.
  const [y, mo, d] = value.slice(0, 10).split('-').map(Number);
  const check = new Date(Date.UTC(y, mo - 1, d));
  return check.getUTCFullYear() === y && check.getUTCMonth() === mo - 1 && check.getUTCDate() === d;
}

/** "Tuesday, December 1, 2026 at 12:00 CET (Europe/Amsterdam)": in the deadline's own time zone. */
export function formatDeadline(deadline: Date, timeZone: string, locale: string): string {
  const text = new Intl.DateTimeFormat(locale, {
    weekday: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone,
    timeZoneName: 'short',
  }).format(deadline);
  return `${text} (${timeZone})`;
}
