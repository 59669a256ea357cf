import { imbalance } from '../ledger/accounts.js';
import { donationStatus, feePostings, receivedPostings, reclassPostings, refundPostings } from './donation-postings.js';

const d = { channel: 'stripe' as const, fundId: 'f1', currency: 'EUR' };

describe('donation postings', () => {
  it.each([
    [2500n, 103n],
    [1n, 0n],
    [100n, 100n],
    [9_007_199_254_740_993n, 12n],
  ])('received %s with fee %s balances and books gross to income', (amount, fee) => {
    const lines = receivedPostings({ ...d, amount, fee });
    expect(imbalance(lines)).toBeNull();
    expect(lines.find((l) => l.account === 'income:donations:stripe')?.amount).toBe(-amount);
    expect(lines.find((l) => l.account === 'assets:stripe')?.amount).toBe(amount - fee);
  });

  it('books fee-later and refunds balanced', () => {
    expect(imbalance(feePostings(d, 30n))).toBeNull();
    expect(imbalance(refundPostings(d, 700n))).toBeNull();
  });

  it('moves balances between funds without changing account totals', () => {
    const lines = reclassPostings([{ account: 'assets:stripe', currency: 'EUR', amount: 90n }, { account: 'income:donations:stripe', currency: 'EUR', amount: -100n }, { account: 'expenses:fees:stripe', currency: 'EUR', amount: 10n }, { account: 'assets:bank', currency: 'EUR', amount: 0n }], 'general', 'rsoc');
    expect(lines).toHaveLength(6);
    expect(imbalance(lines)).toBeNull();
  });

  it.each([
    [100n, 0n, false, 'succeeded'],
    [100n, 30n, false, 'partially_refunded'],
    [100n, 100n, false, 'refunded'],
    [100n, 30n, true, 'disputed'],
  ] as const)('amount %s refunded %s disputed %s → %s', (amount, refunded, disputed, status) => {
    expect(donationStatus(amount, refunded, disputed)).toBe(status);
  });
});
