import { costInMonth, evenStipendSchedule, RoleTerms, scheduledThrough } from './role-schedule.js';

const monthly = (startsOn: string, endsOn: string | null = null): RoleTerms => ({ monthlyCost: 100000n, schedule: null, startsOn, endsOn });

describe('role schedule', () => {
  it.each([
    // total, startsOn, endsOn, expected instalments
    [
      500000n,
      '2026-06-15',
      '2026-08-31',
      [
        ['2026-06-15', 166666n],
        ['2026-07-01', 166666n],
        ['2026-08-01', 166668n],
      ],
    ],
    [400000n, '2026-06-01', null, [['2026-06-01', 400000n]]],
    [300000n, '2026-06-01', '2026-06-30', [['2026-06-01', 300000n]]],
    [
      1n,
      '2026-12-10',
      '2027-01-31',
      [
        ['2026-12-10', 0n],
        ['2027-01-01', 1n],
      ],
    ],
  ])('splits a stipend of %p from %s to %s evenly', (total, startsOn, endsOn, expected) => {
    const schedule = evenStipendSchedule(total, startsOn, endsOn);
    expect(schedule.map((i) => [i.dueOn, i.amount])).toEqual(expected);
    expect(schedule.reduce((s, i) => s + i.amount, 0n)).toBe(total);
  });

  it.each([
    // role, date, scheduled through that month
    [monthly('2026-03-10'), '2026-02-28', 0n],
    [monthly('2026-03-10'), '2026-03-01', 100000n],
    [monthly('2026-03-10'), '2026-08-31', 600000n],
    [monthly('2026-03-10', '2026-05-20'), '2026-12-01', 300000n],
    [monthly('2025-11-01'), '2026-01-15', 300000n],
  ])('a monthly role scheduled through %#', (terms, date, expected) => {
    expect(scheduledThrough(terms, date)).toBe(expected);
  });

  it.each([
    ['2026-02', 0n],
    ['2026-03', 100000n],
    ['2026-05', 100000n],
    ['2026-06', 0n],
  ])('a monthly role from March to May costs in %s: %p', (month, expected) => {
    expect(costInMonth(monthly('2026-03-10', '2026-05-20'), month)).toBe(expected);
  });

  it('a stipend is scheduled by its instalments', () => {
    const terms: RoleTerms = { monthlyCost: null, schedule: evenStipendSchedule(500000n, '2026-06-15', '2026-08-31'), startsOn: '2026-06-15', endsOn: '2026-08-31' };
    expect(scheduledThrough(terms, '2026-05-31')).toBe(0n);
    expect(scheduledThrough(terms, '2026-06-01')).toBe(166666n);
    expect(scheduledThrough(terms, '2026-07-31')).toBe(333332n);
    expect(scheduledThrough(terms, '2027-01-01')).toBe(500000n);
    expect(costInMonth(terms, '2026-08')).toBe(166668n);
  });
});
