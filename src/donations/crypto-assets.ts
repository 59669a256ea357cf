/**
 * Coins a crypto gift may be recorded in. Not ISO 4217 (which has no BTC or ETH), so a list of
 * its own: each asset's smallest unit (`decimals`: satoshi = 10^-8 BTC, wei = 10^-18 ETH) and
 * the shape of its transaction hash, so a typo is a 400 and not a record nobody can look up.
 * Tokens on Ethereum (USDC, USDT, DAI) carry the token's own decimals and Ethereum's hashes.
 */
const HEX64 = /^[0-9a-f]{64}$/;
const ETH_HASH = /^0x[0-9a-f]{64}$/;
const BASE58_SIGNATURE = /^[1-9A-HJ-NP-Za-km-z]{64,88}$/;

export interface CryptoAsset {
  name: string;
  decimals: number;
  txHash: RegExp;
  /** Hex hashes compare case-insensitively; base58 ones are case-sensitive. */
  caseInsensitive: boolean;
}

export const CRYPTO_ASSETS: Record<string, CryptoAsset> = {
  BTC: { name: 'Bitcoin', decimals: 8, txHash: HEX64, caseInsensitive: true },
  ETH: { name: 'Ether', decimals: 18, txHash: ETH_HASH, caseInsensitive: true },
  LTC: { name: 'Litecoin', decimals: 8, txHash: HEX64, caseInsensitive: true },
  BCH: { name: 'Bitcoin Cash', decimals: 8, txHash: HEX64, caseInsensitive: true },
  DOGE: { name: 'Dogecoin', decimals: 8, txHash: HEX64, caseInsensitive: true },
  XMR: { name: 'Monero', decimals: 12, txHash: HEX64, caseInsensitive: true },
  ZEC: { name: 'Zcash', decimals: 8, txHash: HEX64, caseInsensitive: true },
  SOL: { name: 'Solana', decimals: 9, txHash: BASE58_SIGNATURE, caseInsensitive: false },
  USDC: { name: 'USD Coin (Ethereum)', decimals: 6, txHash: ETH_HASH, caseInsensitive: true },
  USDT: { name: 'Tether (Ethereum)', decimals: 6, txHash: ETH_HASH, caseInsensitive: true },
  DAI: { name: 'Dai (Ethereum)', decimals: 18, txHash: ETH_HASH, caseInsensitive: true },
};

export const CRYPTO_ASSET_CODES = Object.keys(CRYPTO_ASSETS);

/** A whole number of the smallest unit, as digits (no sign, no leading zero, at most 78 digits: numeric(78, 0)). */
export const SMALLEST_UNIT = /^[1-9][0-9]{0,77}$/;

/** The hash as stored: lower case for hex hashes, so the same transaction typed twice is found. */
export function normaliseTxHash(asset: CryptoAsset, hash: string): string | null {
  const trimmed = hash.trim();
  const value = asset.caseInsensitive ? trimmed.toLowerCase() : trimmed;
  return asset.txHash.test(value) ? value : null;
}

/** `1500000000000000000` wei → `1.5` (ETH): the smallest unit shown in the coin, trailing zeros dropped. */
export function formatCoinAmount(smallest: string, decimals: number): string {
  const digits = smallest.padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals).replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : whole;
}
