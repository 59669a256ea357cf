import { Injectable } from '@nestjs/common';
import { TransactionService } from '../database/transaction.service.js';

export interface MatchCandidate {
  /** `donation`, `payout` (Stripe) or `provider` (Patreon, merch): which id of `CreateMatchDto` it fills. */
  kind: 'donation' | 'payout' | 'provider';
  id: string;
  date: string;
  amount: number;
  currency: string;
  label: string;
}

/** How far before and after the month a counterpart may be dated (payouts arrive late, gifts are announced early). */
const SLACK_DAYS = 31;

/**
 * What a bank line of a month could be matched to by hand (`POST /reconciliation/matches`):
 * hand-recorded donations not yet reconciled (never Stripe ones: those reach the bank through
 * payouts), paid Stripe payouts and provider payouts without an active match, dated around the
 * month. Read only: `MatchesService.create` still checks every pair it is given.
 */
@Injectable()
export class MatchCandidatesService {
  constructor(private readonly tx: TransactionService) {}

  async forMonth(first: string, last: string, limit = 200): Promise<MatchCandidate[]> {
    const rows: (Omit<MatchCandidate, 'amount'> & { amount: string })[] = await this.tx.manager.query(
      `(SELECT 'donation' AS kind, d.id, to_char(d.received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS date, d.amount::text, d.currency::text,
               d.channel || ' · ' || coalesce(s.name, '–') || coalesce(' · ' || d.reference, '') AS label
          FROM donations d LEFT JOIN sponsors s ON s.id = d.sponsor_id
         WHERE d.channel <> 'stripe' AND d.reconciled_at IS NULL AND d.status = 'succeeded'
           AND d.received_at >= $1::date - $3::int AND d.received_at < $2::date + 1 + $3::int
           AND NOT EXISTS (SELECT 1 FROM reconciliation_matches r WHERE r.donation_id = d.id AND r.active AND r.state = 'matched')
         ORDER BY d.received_at, d.id LIMIT $4)
       UNION ALL
       (SELECT 'payout', p.id, to_char(p.arrival_date, 'YYYY-MM-DD'), p.amount::text, p.currency::text, 'stripe · ' || p.external_id
          FROM payouts p
         WHERE p.provider = 'stripe' AND p.status = 'paid' AND p.reconciled_at IS NULL
           AND p.arrival_date BETWEEN $1::date - $3::int AND $2::date + $3::int
         ORDER BY p.arrival_date, p.id LIMIT $4)
       UNION ALL
       (SELECT 'provider', pp.id, to_char(coalesce(pp.paid_on, pp.period_end), 'YYYY-MM-DD'), pp.net::text, pp.currency, pp.provider || ' · ' || pp.external_id
          FROM provider_payouts pp
         WHERE coalesce(pp.paid_on, pp.period_end) BETWEEN $1::date - $3::int - 31 AND $2::date + $3::int
           AND NOT EXISTS (SELECT 1 FROM reconciliation_matches r WHERE r.provider_payout_id = pp.id AND r.active AND r.state = 'matched')
         ORDER BY coalesce(pp.paid_on, pp.period_end), pp.id LIMIT $4)`,
      [first, last, SLACK_DAYS, limit],
    );
    return rows.map((r) => ({ ...r, amount: Number(r.amount) }));
  }
}
