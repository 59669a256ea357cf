import { demoDay } from './demo-seed.js';

describe('demoDay, the days of the demo data', () => {
  it('never puts a day of this month or an earlier one after today (the 1st of a month failed the first start)', () => {
    const first = new Date('2026-12-01T00:05:00Z');
    expect(demoDay(0, 5, first)).toBe('2026-12-01');
    expect(demoDay(0, 12, first)).toBe('2026-12-01');
    expect(demoDay(1, 12, first)).toBe('2026-11-12');
    expect(demoDay(5, 17, first)).toBe('2026-07-17');
    const mid = new Date('2026-12-20T09:00:00Z');
    expect(demoDay(0, 12, mid)).toBe('2026-12-12');
  });

  it('keeps future days where the demo wants them (deadlines, milestones due)', () => {
    expect(demoDay(-2, 1, new Date('2026-12-01T00:05:00Z'))).toBe('2027-02-01');
    expect(demoDay(-1, 15, new Date('2026-01-31T12:00:00Z'))).toBe('2026-02-15');
  });
});
