import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { toSafeNumber } from '../common/money/money.js';
import type { Env } from '../config/env.validation.js';
import { TransactionService } from '../database/transaction.service.js';
import { foldSingleDonations, type MonthRow } from './public-summary.js';

export const SUMMARY_CHANNELS = ['stripe', 'patreon', 'merch', 'bank', 'crypto', 'other'] as const;

export interface PublicSummary {
  currency: string;
  donations: MonthRow[];
  otherCurrencies: boolean;
  funds: { code: string; name: string; amount: number; count: number; hidden: boolean }[];
  grants: { status: string; count: number; awarded: { amount: number; currency: string }[] }[];
}

/**
 * The transparency summary's figures, totals only: no names, no email addresses, nothing that
 * singles out one donation (see `foldSingleDonations`). Donations count net of refunds, in the
 * base currency; failed ones not at all. Issue 10 brings `/api/v1/public/summary`; this read
 * serves the page until then.
 */
@Injectable()
export class PublicSummaryService {
  constructor(
    private readonly tx: TransactionService,
    private readonly config: ConfigService<Env, true>,
  ) {}

  async summary(): Promise<PublicSummary> {
    const currency = this.config.get('BASE_CURRENCY', { infer: true });
    const m = this.tx.manager;
    const counted = `d.status <> 'failed' AND d.currency = $1`;
    const [byMonth, [{ others }], funds, grants] = await Promise.all([
      m.query(
        `SELECT to_char(date_trunc('month', d.received_at AT TIME ZONE 'UTC'), 'YYYY-MM') AS month, d.channel,
                sum(d.amount - d.refunded_amount)::text AS amount, count(*)::int AS count
         FROM donations d WHERE ${counted} AND d.received_at >= date_trunc('month', now() AT TIME ZONE 'UTC') - interval '11 months'
         GROUP BY 1, 2`,
        [currency],
      ),
      m.query(`SELECT EXISTS (SELECT 1 FROM donations d WHERE d.status <> 'failed' AND d.currency <> $1) AS others`, [currency]),
      m.query(
        `SELECT f.code, f.name, COALESCE(sum(d.amount - d.refunded_amount), 0)::text AS amount, count(d.id)::int AS count
         FROM funds f LEFT JOIN donations d ON d.fund_id = f.id AND ${counted}
         WHERE f.active GROUP BY f.id ORDER BY f.code = 'general' DESC, f.name`,
        [currency],
      ),
      m.query(
        `SELECT status, count(*)::int AS count,
                COALESCE(jsonb_agg(jsonb_build_object('currency', currency, 'amount', awarded_amount::text)) FILTER (WHERE awarded_amount IS NOT NULL), '[]') AS awarded
         FROM grants GROUP BY status`,
      ),
    ]);
    return {
      currency,
      donations: foldSingleDonations(
        byMonth.map((r: { month: string; channel: string; amount: string; count: number }) => ({ ...r, amount: toSafeNumber(r.amount) })),
        SUMMARY_CHANNELS,
      ),
      otherCurrencies: others,
      funds: funds.map((f: { code: string; name: string; amount: string; count: number }) => ({ ...f, amount: toSafeNumber(f.amount), hidden: f.count === 1 })),
      grants: grants.map((g: { status: string; count: number; awarded: { currency: string; amount: string }[] }) => ({
        status: g.status,
        count: g.count,
        awarded: sumByCurrency(g.awarded),
      })),
    };
  }
}

function sumByCurrency(items: { currency: string; amount: string }[]): { amount: number; currency: string }[] {
  const sums = new Map<string, bigint>();
  for (const item of items) sums.set(item.currency, (sums.get(item.currency) ?? 0n) + BigInt(item.amount));
  return [...sums].map(([currency, amount]) => ({ currency, amount: toSafeNumber(amount) }));
}
