import { addMonths, lastDayOf, monthOf } from '../common/util/months.js';

/** Median of whole amounts; the lower-rounded mean of the middle two for an even count, 0 for none. */
export function median(values: readonly bigint[]): bigint {
  if (values.length === 0) return 0n;
  const sorted = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2n;
}

export interface RoleCosts {
  id: string;
  /** YYYY-MM-DD or null (open-ended). */
  startsOn: string;
  endsOn: string | null;
  /** Cost per projected month, index 0 = the first month; already in the fund's currency of account. */
  costs: readonly bigint[];
}

export interface RunwayInput {
  /** First projected month, YYYY-MM (the current month). */
  firstMonth: string;
  balance: bigint;
  recurringMonthly: bigint;
  oneTimeMonthly: bigint;
  roles: readonly RoleCosts[];
  months: number;
}

export interface ProjectedMonth {
  month: string;
  income: bigint;
  committed: bigint;
  /** Balance at the end of the month. */
  balance: bigint;
}

export interface RunwayResult {
  projection: ProjectedMonth[];
  /** Months the balance covers, to one decimal (rounded down); null when it lasts the whole horizon. */
  monthsOfRunway: number | null;
  /** The first month that ends below zero; null when none within the horizon. */
  runsOutIn: string | null;
  /** Per role: the last day it is paid for (its end, or the end of the last month before the money runs out); null: not at all. */
  fundedThrough: { id: string; fundedThrough: string | null; beyondHorizon: boolean }[];
}

/**
 * Month by month: balance + expected income − committed costs. Runway counts the whole
 * months that end at or above zero plus the fraction of the month in which it runs out
 * (what was left at its start over that month's net burn).
 */
export function projectRunway(input: RunwayInput): RunwayResult {
  const income = input.recurringMonthly + input.oneTimeMonthly;
  const projection: ProjectedMonth[] = [];
  let balance = input.balance;
  let runsOutAt = -1;
  let monthsOfRunway: number | null = null;
  if (balance < 0n) {
    runsOutAt = 0;
    monthsOfRunway = 0;
  }
  for (let i = 0; i < input.months; i++) {
    const committed = input.roles.reduce((sum, r) => sum + (r.costs[i] ?? 0n), 0n);
    const start = balance;
    balance = start + income - committed;
    projection.push({ month: addMonths(input.firstMonth, i), income, committed, balance });
    if (runsOutAt < 0 && balance < 0n) {
      runsOutAt = i;
      // start ≥ 0 and the month's net burn (committed − income) > start: a fraction in [0, 1).
      const tenths = (start * 10n) / (committed - income);
      monthsOfRunway = Number(BigInt(i) * 10n + tenths) / 10;
    }
  }
  const runsOutIn = runsOutAt < 0 ? null : addMonths(input.firstMonth, runsOutAt);
  const horizonEnd = lastDayOf(addMonths(input.firstMonth, input.months - 1));
  const fundedThrough = input.roles.map((role) => {
    if (runsOutIn === null) {
      const ends = role.endsOn !== null && role.endsOn <= horizonEnd;
      return { id: role.id, fundedThrough: ends ? role.endsOn : horizonEnd, beyondHorizon: !ends };
    }
    const lastFunded = lastDayOf(addMonths(runsOutIn, -1));
    if (monthOf(role.startsOn) >= runsOutIn && monthOf(role.startsOn) > input.firstMonth) return { id: role.id, fundedThrough: null, beyondHorizon: false };
    if (runsOutAt === 0) return { id: role.id, fundedThrough: null, beyondHorizon: false };
    const through = role.endsOn !== null && role.endsOn < lastFunded ? role.endsOn : lastFunded;
    return { id: role.id, fundedThrough: through, beyondHorizon: false };
  });
  return { projection, monthsOfRunway, runsOutIn, fundedThrough };
}
