import { donationStatus } from './donation-status.js';

describe('donation status', () => {
  it.each([
    [100n, 0n, false, 'succeeded'],
    [100n, 30n, false, 'partially_refunded'],
    [100n, 100n, false, 'refunded'],
    [100n, 30n, true, 'disputed'],
  ] as const)('amount %s refunded %s disputed %s → %s', (amount, refunded, disputed, status) => {
    expect(donationStatus(amount, refunded, disputed)).toBe(status);
  });
});
