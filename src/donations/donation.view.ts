import { toSafeNumber } from '../common/money/money.js';
import { CRYPTO_ASSETS, formatCoinAmount } from './crypto-assets.js';

/** A crypto gift in its coin; `amount` stays a string, as wei exceed JS safe integers. */
export interface CryptoGift {
  asset: string;
  amount: string;
  decimals: number;
  /** The amount in whole coins, e.g. "1.5". */
  coinAmount: string;
  txHash: string;
}

/** How a donation looks in the API (SPEC §12): money as safe integers of minor units. */
export interface Donation {
  id: string;
  channel: string;
  externalId: string | null;
  amount: number;
  fee: number;
  net: number;
  feePending: boolean;
  refundedAmount: number;
  currency: string;
  receivedAt: string;
  sponsorId: string | null;
  fund: string;
  recurring: boolean;
  subscriptionId: string | null;
  status: string;
  reconciled: boolean;
  reconciledAt: string | null;
  reference: string | null;
  note: string | null;
  anonymous: boolean;
  crypto: CryptoGift | null;
  createdAt: string;
}

export interface DonationRow extends Omit<Donation, 'amount' | 'fee' | 'net' | 'refundedAmount' | 'reconciled' | 'crypto'> {
  cryptoAsset: string | null;
  cryptoAmount: string | null;
  cryptoTxHash: string | null;
  amount: string;
  fee: string;
  net: string;
  refundedAmount: string;
}

export const DONATION_COLUMNS = `d.id, d.channel, d.external_id AS "externalId", d.amount::text, d.fee::text, d.net::text,
  d.fee_pending AS "feePending", d.refunded_amount::text AS "refundedAmount", d.currency, d.received_at AS "receivedAt",
  d.sponsor_id AS "sponsorId", (SELECT f.code FROM funds f WHERE f.id = d.fund_id) AS fund, d.recurring,
  d.subscription_id AS "subscriptionId", d.status, d.reconciled_at AS "reconciledAt", d.reference, d.note, d.anonymous,
  d.crypto_asset AS "cryptoAsset", d.crypto_amount::text AS "cryptoAmount", d.crypto_tx_hash AS "cryptoTxHash", d.created_at AS "createdAt"`;

export const DONATION_SELECT = `SELECT ${DONATION_COLUMNS}
  FROM donations d`;

export function toDonation({ cryptoAsset, cryptoAmount, cryptoTxHash, ...r }: DonationRow): Donation {
  const decimals = cryptoAsset ? (CRYPTO_ASSETS[cryptoAsset]?.decimals ?? 0) : 0;
  return {
    ...r,
    crypto:
      cryptoAsset && cryptoAmount && cryptoTxHash
        ? { asset: cryptoAsset, amount: cryptoAmount, decimals, coinAmount: formatCoinAmount(cryptoAmount, decimals), txHash: cryptoTxHash }
        : null,
    amount: toSafeNumber(r.amount),
    fee: toSafeNumber(r.fee),
    net: toSafeNumber(r.net),
    refundedAmount: toSafeNumber(r.refundedAmount),
    reconciled: r.reconciledAt !== null,
  };
}
