import { CRYPTO_ASSETS, formatCoinAmount, normaliseTxHash, SMALLEST_UNIT } from './crypto-assets.js';

describe('crypto assets', () => {
  it.each<[string, string, number, string]>([
    ['one satoshi', '1', 8, '0.00000001'],
    ['one bitcoin', '100000000', 8, '1'],
    ['1.5 ether in wei (beyond JS safe integers)', '1500000000000000000', 18, '1.5'],
    ['a whale: 123456 ETH', '123456000000000000000000', 18, '123456'],
    ['USDC with 6 decimals', '2500000', 6, '2.5'],
  ])('%s', (_name, smallest, decimals, shown) => {
    expect(formatCoinAmount(smallest, decimals)).toBe(shown);
  });

  it.each<[string, string, string | null]>([
    ['BTC', 'A'.repeat(64), 'a'.repeat(64)],
    ['BTC', `0x${'a'.repeat(64)}`, null],
    ['ETH', `0x${'AB'.repeat(32)}`, `0x${'ab'.repeat(32)}`],
    ['ETH', 'ab'.repeat(32), null],
    ['ETH', `0x${'g'.repeat(64)}`, null],
    ['SOL', '5'.repeat(87), '5'.repeat(87)],
    ['SOL', '0'.repeat(87), null],
  ])('%s hash %s', (asset, hash, expected) => {
    expect(normaliseTxHash(CRYPTO_ASSETS[asset], hash)).toBe(expected);
  });

  it.each([
    ['0', false],
    ['01', false],
    ['-5', false],
    ['1.5', false],
    ['1e18', false],
    ['9'.repeat(78), true],
    ['9'.repeat(79), false],
    ['1500000000000000000', true],
  ])('smallest unit %s → %s', (value, ok) => {
    expect(SMALLEST_UNIT.test(value)).toBe(ok);
  });
});
