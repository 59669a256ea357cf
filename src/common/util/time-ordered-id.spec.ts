import { describe, expect, it } from '@jest/globals';
import { TimeOrderedIds, timeOrderedId } from './time-ordered-id.js';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const millisecondsOf = (id: string) => parseInt(id.replace(/-/g, '').slice(0, 12), 16);

describe('TimeOrderedIds', () => {
  it('makes version 7 UUIDs that carry the time and increase with every call', () => {
    const before = Date.now();
    const ids = Array.from({ length: 50_000 }, () => timeOrderedId());
    const after = Date.now();
    expect(ids.filter((id) => !UUID_V7.test(id))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.findIndex((id, i) => i > 0 && id <= ids[i - 1])).toBe(-1);
    expect(millisecondsOf(ids[0])).toBeGreaterThanOrEqual(before);
    expect(millisecondsOf(ids[ids.length - 1])).toBeLessThanOrEqual(after);
  });

  it('keeps increasing when the clock stands still or goes back', () => {
    let clock = 1_764_000_000_000;
    const ids = new TimeOrderedIds(() => clock);
    const first = ids.next();
    const same = ids.next();
    clock -= 60_000;
    const earlier = ids.next();
    clock += 120_000;
    const later = ids.next();
    expect([first, same, earlier, later]).toEqual([first, same, earlier, later].slice().sort());
    expect(new Set([first, same, earlier, later]).size).toBe(4);
    expect(millisecondsOf(earlier)).toBe(1_764_000_000_000);
    expect(millisecondsOf(later)).toBe(1_764_000_060_000);
  });

  it('moves on to the next millisecond when one millisecond runs out of counter values', () => {
    const ids = new TimeOrderedIds(() => 1_000);
    const state = ids as unknown as { counter: number };
    ids.next();
    state.counter = 2 ** 42 - 2;
    const last = ids.next();
    const overflow = ids.next();
    expect(millisecondsOf(last)).toBe(1_000);
    expect(millisecondsOf(overflow)).toBe(1_001);
    expect(overflow > last).toBe(true);
    expect(overflow).toMatch(UUID_V7);
  });
});
