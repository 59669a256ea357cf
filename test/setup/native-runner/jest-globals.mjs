import { ModernFakeTimers } from '@jest/fake-timers';
import { ModuleMocker } from 'jest-mock';

/**
 * `@jest/globals` in a test worker of the native runner: the test functions and `expect` of the
 * file now running (set by run-file.mjs before each file), and a `jest` object with the parts of
 * Jest's that the specs use, built on Jest's own fake timers and mocks.
 */
export let describe, fdescribe, xdescribe, it, fit, xit, test, xtest, beforeAll, beforeEach, afterAll, afterEach, expect;

export function setFileGlobals(globals) {
  ({ describe, fdescribe, xdescribe, it, fit, xit, test, xtest, beforeAll, beforeEach, afterAll, afterEach, expect } = globals);
}

const mocker = new ModuleMocker(globalThis);
let timers;

export const jest = {
  fn: (implementation) => mocker.fn(implementation),
  spyOn: (object, method, accessType) => mocker.spyOn(object, method, accessType),
  clearAllMocks: () => (mocker.clearAllMocks(), jest),
  resetAllMocks: () => (mocker.resetAllMocks(), jest),
  restoreAllMocks: () => (mocker.restoreAllMocks(), jest),
  useFakeTimers(config) {
    timers ??= new ModernFakeTimers({ config: { fakeTimers: {} }, global: globalThis });
    timers.useFakeTimers(config);
    return jest;
  },
  useRealTimers() {
    timers?.useRealTimers();
    return jest;
  },
  setSystemTime(now) {
    timers?.setSystemTime(now);
    return jest;
  },
  advanceTimersByTime(ms) {
    timers?.advanceTimersByTime(ms);
    return jest;
  },
};

/** Undoes what a file left behind: its mocks and fake clock do not reach the next file. */
export function resetJestObject() {
  mocker.restoreAllMocks();
  timers?.useRealTimers();
}
