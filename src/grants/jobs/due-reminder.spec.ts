import { dueReminder } from './due-reminder.js';

describe('milestone due reminders', () => {
  it.each<[string, string, 'before' | 'overdue' | null]>([
    ['2026-04-30', '2026-04-01', null],
    ['2026-04-30', '2026-04-22', null],
    ['2026-04-30', '2026-04-23', 'before'],
    ['2026-04-30', '2026-04-30', 'before'],
    ['2026-04-30', '2026-05-01', 'overdue'],
    ['2026-04-30', '2026-06-01', 'overdue'],
    ['2026-03-01', '2026-02-22', 'before'],
  ])('due %s, today %s → %s', (dueOn, today, kind) => {
    expect(dueReminder(dueOn, today)).toBe(kind);
  });
});
