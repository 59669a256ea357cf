import { toSafeNumber } from '../common/money/money.js';

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
  createdAt: string;
}

export interface DonationRow extends Omit<Donation, 'amount' | 'fee' | 'net' | 'refundedAmount' | 'reconciled'> {
  amount: string;
  fee: string;
  net: string;
  refundedAmount: string;
}

export const DONATION_COLUMNS = `d.id, d.channel, d.external_id AS "externalId", d.amount::text, d.fee::text, d.net::text,
  d.fee_pending AS "feePending", d.refunded_amount::text AS "refundedAmount", d.currency, d.received_at AS "receivedAt",
  d.sponsor_id AS "sponsorId", (SELECT f.code FROM funds f WHERE f.id = d.fund_id) AS fund, d.recurring,
  d.subscription_id AS "subscriptionId", d.status, d.reconciled_at AS "reconciledAt", d.reference, d.note, d.anonymous,
  d.created_at AS "createdAt"`;

export const DONATION_SELECT = `SELECT ${DONATION_COLUMNS}
  FROM donations d`;

export function toDonation(r: DonationRow): Donation {
  return {
    ...r,
    amount: toSafeNumber(r.amount),
    fee: toSafeNumber(r.fee),
    net: toSafeNumber(r.net),
    refundedAmount: toSafeNumber(r.refundedAmount),
    reconciled: r.reconciledAt !== null,
  };
}
