-- B3 baseline: the reconciliation's joins written by hand in one transaction, no application.
-- Same inputs and the same decisions as the app's run (window 2025-01-01 .. 2025-12-31):
-- donations ↔ balance transactions, missing webhooks inserted as plain donations (no ledger),
-- donations Stripe never had, payouts ↔ bank credits with the three rules and window-function
-- uniqueness, left-over deposits and payouts, and the reconciled flags. Rolled back by the caller.
CREATE TEMP TABLE b_matches (kind text, rule text, state text, donation_id uuid, bt_id text, bank_line_id uuid, payout_id uuid) ON COMMIT DROP;

INSERT INTO donations (channel, external_id, amount, fee, currency, received_at, fund_id, balance_transaction, reconciliation_flag)
SELECT 'stripe', bt.source, bt.amount, bt.fee, bt.currency, bt.created, (SELECT id FROM funds WHERE code = 'general'), bt.id, 'missing_webhook'
FROM stripe_balance_transactions bt
WHERE bt.type IN ('charge', 'payment') AND bt.created >= '2025-01-01' AND bt.created < '2026-01-01'
  AND NOT EXISTS (SELECT 1 FROM donations d WHERE d.channel = 'stripe' AND d.external_id = bt.source);

INSERT INTO b_matches (kind, rule, state, donation_id, bt_id)
SELECT CASE WHEN d.reconciliation_flag IS NULL THEN 'stripe_donation' ELSE 'missing_webhook' END, 'charge_source', 'matched', d.id, bt.id
FROM donations d JOIN stripe_balance_transactions bt ON bt.source = d.external_id AND bt.type IN ('charge', 'payment')
WHERE d.channel = 'stripe' AND d.received_at >= '2025-01-01' AND d.received_at < '2026-01-01' AND bt.amount = d.amount;

UPDATE donations d SET reconciled_at = now() FROM b_matches m WHERE m.donation_id = d.id;

INSERT INTO b_matches (kind, rule, state, donation_id)
SELECT 'donation_not_in_stripe', 'no_balance_transaction', 'open', d.id FROM donations d
WHERE d.channel = 'stripe' AND d.received_at >= '2025-01-01' AND d.received_at < '2026-01-01'
  AND NOT EXISTS (SELECT 1 FROM stripe_balance_transactions bt WHERE bt.source = d.external_id);

WITH cand AS (
  SELECT b.id AS line, p.id AS pid,
         CASE WHEN strpos(upper(concat_ws(' ', b.reference, b.description, b.bank_reference)), upper(p.external_id)) > 0 THEN 1
              WHEN b.booked_on BETWEEN p.arrival_date - 2 AND p.arrival_date + 5 THEN
                CASE WHEN concat_ws(' ', b.counterparty, b.description, b.reference) ~* 'stripe' THEN 2 ELSE 3 END END AS rank
  FROM bank_lines b JOIN payouts p ON p.amount = b.amount AND p.currency = b.currency
  WHERE b.direction = 'credit' AND NOT b.reversal AND b.match_state = 'unmatched' AND b.booked_on BETWEEN '2025-01-01' AND '2025-12-31'
    AND p.status = 'paid' AND p.arrival_date BETWEEN date '2025-01-01' - 5 AND date '2025-12-31' + 2
), ranked AS (
  SELECT c.*, min(rank) OVER (PARTITION BY line) AS lmin, min(rank) OVER (PARTITION BY pid) AS pmin,
         count(*) OVER (PARTITION BY line, rank) AS lcnt, count(*) OVER (PARTITION BY pid, rank) AS pcnt
  FROM cand c WHERE rank IS NOT NULL
)
INSERT INTO b_matches (kind, rule, state, bank_line_id, payout_id)
SELECT 'stripe_payout', CASE rank WHEN 1 THEN 'payout_reference' WHEN 2 THEN 'provider_amount_window' ELSE 'amount_date_only' END,
       CASE WHEN rank <= 2 AND rank = lmin AND rank = pmin AND lcnt = 1 AND pcnt = 1 THEN 'matched' ELSE 'suggested' END, line, pid
FROM ranked WHERE rank = lmin;

UPDATE bank_lines b SET match_state = 'matched' FROM b_matches m WHERE m.bank_line_id = b.id AND m.state = 'matched';
UPDATE payouts p SET reconciled_at = now() FROM b_matches m WHERE m.payout_id = p.id AND m.state = 'matched';

INSERT INTO b_matches (kind, rule, state, bank_line_id)
SELECT 'unidentified_deposit', 'no_candidate', 'open', b.id FROM bank_lines b
WHERE b.direction = 'credit' AND NOT b.reversal AND b.match_state = 'unmatched' AND b.booked_on BETWEEN '2025-01-01' AND '2025-12-31'
  AND NOT EXISTS (SELECT 1 FROM b_matches m WHERE m.bank_line_id = b.id);

INSERT INTO b_matches (kind, rule, state, payout_id)
SELECT 'payout_not_in_bank', 'no_bank_credit', 'open', p.id FROM payouts p
WHERE p.status = 'paid' AND p.arrival_date BETWEEN '2025-01-01' AND '2025-12-31' AND NOT EXISTS (SELECT 1 FROM b_matches m WHERE m.payout_id = p.id);

SELECT kind, state, count(*)::int AS n FROM b_matches GROUP BY kind, state ORDER BY kind, state;
