import { jest } from '@jest/globals';

/**
 * Moves the clock `ms` forward for Date only (timers, I/O and the database keep real time), so a
 * test of something cached for a few seconds does not sleep through them. Undo with `realClock()`.
 */
export function advanceClock(ms: number): void {
  jest.useFakeTimers({
    now: Date.now() + ms,
    doNotFake: [
      'hrtime',
      'nextTick',
      'performance',
      'queueMicrotask',
      'requestAnimationFrame',
      'cancelAnimationFrame',
      'requestIdleCallback',
      'cancelIdleCallback',
      'setImmediate',
      'clearImmediate',
      'setInterval',
      'clearInterval',
      'setTimeout',
      'clearTimeout',
    ],
  });
}

export function realClock(): void {
  jest.useRealTimers();
}
