import { addMonths, monthOf, monthsBetween } from '../common/util/months.js';

export interface Instalment {
  dueOn: string;
  amount: bigint;
}

/** What a role costs and when: a monthly amount over its months, or a stipend paid in instalments. */
export interface RoleTerms {
  monthlyCost: bigint | null;
  schedule: Instalment[] | null;
  startsOn: string;
  endsOn: string | null;
}

/**
 * A stipend split evenly over the months from start to end (the remainder on the last
 * instalment, so the parts sum exactly); the first is due on the start date, the others on
 * the first of their month.
 */
export function evenStipendSchedule(total: bigint, startsOn: string, endsOn: string | null): Instalment[] {
  const count = endsOn ? monthsBetween(monthOf(startsOn), monthOf(endsOn)) + 1 : 1;
  const part = total / BigInt(count);
  return Array.from({ length: count }, (_, i) => ({
    dueOn: i === 0 ? startsOn : `${addMonths(monthOf(startsOn), i)}-01`,
    amount: i === count - 1 ? total - part * BigInt(count - 1) : part,
  }));
}

/** Whether `month` lies within the role's months (a monthly role costs whole months). */
function runsIn(terms: RoleTerms, month: string): boolean {
  return month >= monthOf(terms.startsOn) && (terms.endsOn === null || month <= monthOf(terms.endsOn));
}

/** What the role costs in one calendar month. */
export function costInMonth(terms: RoleTerms, month: string): bigint {
  if (terms.schedule) return terms.schedule.filter((i) => monthOf(i.dueOn) === month).reduce((sum, i) => sum + i.amount, 0n);
  return runsIn(terms, month) ? terms.monthlyCost! : 0n;
}

/**
 * Everything the role's terms allow to have been paid by the end of `date`'s month: the
 * monthly cost of each month begun since the start (up to the end), or the instalments due
 * by then. A payment taking the total paid beyond this needs an override reason.
 */
export function scheduledThrough(terms: RoleTerms, date: string): bigint {
  const month = monthOf(date);
  if (terms.schedule) return terms.schedule.filter((i) => monthOf(i.dueOn) <= month).reduce((sum, i) => sum + i.amount, 0n);
  const start = monthOf(terms.startsOn);
  if (month < start) return 0n;
  const last = terms.endsOn && monthOf(terms.endsOn) < month ? monthOf(terms.endsOn) : month;
  return terms.monthlyCost! * BigInt(monthsBetween(start, last) + 1);
}
