import { formatDeadline, isIsoWithOffset, isTimeZone, reminderDue } from './call-deadline.js';

const deadline = new Date('2026-12-01T12:00:00+01:00');
const before = (days: number, hours = 0) => new Date(deadline.getTime() - days * 86_400_000 - hours * 3_600_000);

describe('call deadline reminders', () => {
  it.each<[string, Date, { threshold: number; daysLeft: number } | null]>([
    ['20 days before', before(20), null],
    ['14 days and an hour before', before(14, 1), null],
    ['exactly 14 days before', before(14), { threshold: 14, daysLeft: 14 }],
    ['10 days before', before(10), { threshold: 14, daysLeft: 10 }],
    ['3 days and an hour before', before(3, 1), { threshold: 14, daysLeft: 4 }],
    ['exactly 3 days before', before(3), { threshold: 3, daysLeft: 3 }],
    ['2 hours before', before(0, 2), { threshold: 3, daysLeft: 1 }],
    ['at the deadline', deadline, null],
    ['after the deadline', before(-1), null],
  ])('%s', (_, now, expected) => {
    expect(reminderDue(deadline, now)).toEqual(expected);
  });

  it.each([
    ['2026-12-01T12:00:00+01:00', true],
    ['2026-12-01T12:00Z', true],
    ['2026-12-01T12:00:00.123-05:00', true],
    ['2026-12-01T12:00:00', false],
    ['2026-12-01', false],
    ['2026-02-30T12:00:00Z', false],
    ['2026-13-01T12:00:00Z', false],
    ['tomorrow', false],
    [12, false],
  ])('deadline %s valid: %s', (value, ok) => {
    expect(isIsoWithOffset(value)).toBe(ok);
  });

  it.each([
    ['Europe/Amsterdam', true],
    ['UTC', true],
    ['America/New_York', true],
    ['Mars/Olympus', false],
    ['', false],
    [3, false],
  ])('time zone %s valid: %s', (value, ok) => {
    expect(isTimeZone(value)).toBe(ok);
  });

  it('formats the deadline in its own time zone', () => {
    expect(formatDeadline(deadline, 'Europe/Amsterdam', 'en')).toMatch(/December 1, 2026.*12:00.*(CET|GMT\+1)/);
    expect(formatDeadline(deadline, 'UTC', 'en')).toMatch(/11:00/);
  });
});
