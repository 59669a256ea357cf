/**
 * A month's statement per account, fund and currency, straight from the postings: opening
 * balance, the month's movements by what caused them, closing balance. $1 = the month's first day.
 */
const FEES = `('donation.fee', 'dispute.fee')`;
const REFUNDS = `('donation.refund', 'dispute.hold', 'dispute.won', 'dispute.lost')`;
const PAYOUTS = `('payout.paid', 'payout.failed', 'payout.provider', 'reconciliation.undo')`;

export const STATEMENT = `
  WITH p AS (
    SELECT p.account, p.fund_id, p.currency, p.amount, e.kind, e.effective_date < $1::date AS before
    FROM postings p JOIN journal_entries e ON e.id = p.entry_id
    WHERE e.effective_date < ($1::date + interval '1 month')::date
  )
  SELECT p.account, p.fund_id, f.code AS fund, p.currency::text AS currency,
         COALESCE(sum(amount) FILTER (WHERE before), 0)::text AS opening,
         COALESCE(sum(amount) FILTER (WHERE NOT before AND kind = 'donation'), 0)::text AS donations,
         COALESCE(sum(amount) FILTER (WHERE NOT before AND kind IN ${FEES}), 0)::text AS fees,
         COALESCE(sum(amount) FILTER (WHERE NOT before AND kind IN ${REFUNDS}), 0)::text AS refunds,
         COALESCE(sum(amount) FILTER (WHERE NOT before AND kind IN ${PAYOUTS}), 0)::text AS payouts,
         COALESCE(sum(amount) FILTER (WHERE NOT before AND kind NOT IN ('donation') AND kind NOT IN ${FEES} AND kind NOT IN ${REFUNDS} AND kind NOT IN ${PAYOUTS}), 0)::text AS other,
         sum(amount)::text AS closing
  FROM p JOIN funds f ON f.id = p.fund_id
  GROUP BY p.account, p.fund_id, f.code, p.currency
  ORDER BY p.account, f.code, p.currency`;

export const OPEN_ITEMS = `
  SELECT * FROM (
    SELECT 'unmatched_bank_line' AS kind, bl.id AS "bankLineId", NULL::uuid AS "matchId", NULL::text AS rule, to_char(bl.booked_on, 'YYYY-MM-DD') AS date,
           bl.amount::text AS amount, bl.currency, bl.direction, bl.description, bl.counterparty
    FROM bank_lines bl
    WHERE bl.booked_on >= $1::date AND bl.booked_on < ($1::date + interval '1 month')::date AND bl.match_state = 'unmatched'
    UNION ALL
    SELECT 'pending_suggestion', bl.id, r.id, r.rule, to_char(bl.booked_on, 'YYYY-MM-DD'), bl.amount::text, bl.currency, bl.direction, bl.description, bl.counterparty
    FROM reconciliation_matches r JOIN bank_lines bl ON bl.id = r.bank_line_id
    WHERE r.active AND r.state = 'suggested' AND bl.booked_on >= $1::date AND bl.booked_on < ($1::date + interval '1 month')::date
    UNION ALL
    -- Stripe-side findings hold the month until resolved or acknowledged with a reason.
    SELECT r.kind, NULL, r.id, r.rule, to_char(r.on_date, 'YYYY-MM-DD'), r.amount::text, r.currency::text, NULL,
           CASE WHEN r.kind = 'donation_not_in_stripe' THEN 'Stripe donation ' || d.external_id || ' is not in Stripe''s balance'
                ELSE 'Payout ' || COALESCE(po.external_id, pp.external_id) || ' reached no bank line' END,
           COALESCE(pp.provider, CASE WHEN po.id IS NOT NULL THEN 'stripe' END)
    FROM reconciliation_matches r
    LEFT JOIN donations d ON d.id = r.donation_id
    LEFT JOIN payouts po ON po.id = r.payout_id
    LEFT JOIN provider_payouts pp ON pp.id = r.provider_payout_id
    WHERE r.active AND r.state = 'open' AND r.kind IN ('donation_not_in_stripe', 'payout_not_in_bank') AND r.acknowledged_at IS NULL
      AND r.on_date >= $1::date AND r.on_date < ($1::date + interval '1 month')::date
  ) x ORDER BY date, kind, "bankLineId" LIMIT 1000`;
