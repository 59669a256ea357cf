import { requiredDelayMs } from './login-throttle.js';

describe('requiredDelayMs (issue 10 item 2)', () => {
  const policy = { freeFailures: 5, maxDelayMs: 15 * 60_000 };
  it.each([
    [0, 0],
    [4, 0],
    [5, 1_000],
    [6, 2_000],
    [8, 8_000],
    [15, 900_000],
    [10_000, 900_000],
  ])('%i failures → wait %i ms', (failures, wait) => {
    expect(requiredDelayMs(failures, policy)).toBe(wait);
  });
});
