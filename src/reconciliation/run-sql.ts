/**
 * The statements of one reconciliation run, all set-based (no per-row round trips). Parameters:
 * $1 from (date), $2 to (date), $3 run id. They run in one transaction, in this order.
 */

/** Earlier runs' automatic suggestions and open items in the window are superseded by this run. */
export const SUPERSEDE = `
  UPDATE reconciliation_matches SET active = false
  WHERE active AND source = 'auto' AND state IN ('suggested', 'open') AND on_date BETWEEN $1::date AND $2::date AND acknowledged_at IS NULL`;

/**
 * A finding a person acknowledged, kept by later runs (the run below does not list it again).
 * Findings carry no balance transaction; saying so lets PostgreSQL use the partial donation index.
 */
const ACKNOWLEDGED = (column: string, value: string) =>
  `EXISTS (SELECT 1 FROM reconciliation_matches a WHERE a.${column} = ${value} AND a.active AND a.balance_transaction_id IS NULL AND a.state = 'open' AND a.acknowledged_at IS NOT NULL)`;

const IN_WINDOW = (col: string) => `${col} >= $1::date::timestamp AT TIME ZONE 'UTC' AND ${col} < ($2::date + 1)::timestamp AT TIME ZONE 'UTC'`;

/** Charges Stripe's balance has but no donation: webhooks that never came, and whether their month is closed. */
const WITHOUT_DONATION = `
  SELECT bt.id, bt.source, bt.amount, bt.fee, bt.currency, bt.created,
         EXISTS (SELECT 1 FROM periods p WHERE p.month = date_trunc('month', bt.created AT TIME ZONE 'UTC')::date) AS closed
  FROM stripe_balance_transactions bt
  WHERE bt.type IN ('charge', 'payment') AND bt.source LIKE 'ch\\_%' AND bt.amount > 0 AND ${IN_WINDOW('bt.created')}
    AND NOT EXISTS (SELECT 1 FROM donations d WHERE d.channel = 'stripe' AND d.external_id = bt.source)`;

/**
 * The missing webhooks booked in one statement, exactly as DonationsService.record books a
 * Stripe donation one by one (and as the webhook would have): the donation (fee capped at the
 * amount, flagged), its journal entry (key `donation:<id>`, dated the charge's UTC day, the
 * closed-period trigger still refusing a closed month) and its postings from journal-shapes'
 * donationReceived (holding amount − fee, fees fee, income −amount; zero postings left out;
 * ledger_rate_on: rate 1 in the base currency, else the latest exchange rate on or before that day), which the
 * deferred balance trigger checks at commit. Entries and postings are numbered in the order the
 * one-by-one path booked them (charge time, then balance transaction id). A charge a webhook
 * booked meanwhile conflicts and is left alone; its source is returned so it can be flagged.
 * A charge in a closed month, which the books refuse, is listed for a person to decide instead.
 * $3 fund, $4/$5/$6 the holding, fee and income accounts, $7 BASE_CURRENCY, $8 the description,
 * $9 the run. (One pass over the charges for both.)
 */
export const BOOK_MISSING_DONATIONS = `
  WITH found AS (${WITHOUT_DONATION}
  ), in_closed_month AS (
    INSERT INTO reconciliation_matches (run_id, kind, rule, state, source, balance_transaction_id, amount, currency, on_date)
    SELECT $9::uuid, 'missing_webhook', 'closed_month', 'open', 'auto', f.id, f.amount, f.currency, (f.created AT TIME ZONE 'UTC')::date
    FROM found f WHERE f.closed
  ), missing AS (
    SELECT f.id, f.source, f.amount, f.fee, f.currency, f.created, LEAST(f.fee, f.amount) AS capped_fee, (f.created AT TIME ZONE 'UTC')::date AS day,
           row_number() OVER (ORDER BY f.created, f.id) AS n
    FROM found f WHERE NOT f.closed
  ), d AS (
    INSERT INTO donations (channel, external_id, amount, fee, fee_pending, currency, received_at, sponsor_id, fund_id, recurring,
      subscription_id, reference, note, anonymous, payment_intent, balance_transaction, created_by, reconciliation_flag)
    SELECT 'stripe', source, amount, capped_fee, false, currency, created, NULL, $3::uuid, false, NULL, NULL, NULL, false, NULL, id, NULL, 'missing_webhook'
    FROM missing ORDER BY n
    ON CONFLICT (channel, external_id) WHERE external_id IS NOT NULL DO NOTHING
    RETURNING id, external_id
  ), booked AS (
    SELECT d.id AS donation_id, m.* FROM d JOIN missing m ON m.source = d.external_id
  ), e AS (
    INSERT INTO journal_entries (key, kind, effective_date, description, donation_id, reverses, posted_by)
    SELECT 'donation:' || b.donation_id, 'donation', b.day, $8, b.donation_id, NULL, NULL
    FROM booked b ORDER BY b.n
    ON CONFLICT (key) DO NOTHING
    RETURNING id, donation_id
  ), p AS (
    INSERT INTO postings (entry_id, account, fund_id, currency, amount, rate)
    SELECT e.id, v.account, $3::uuid, b.currency, v.amount, ledger_rate_on(b.currency, $7, b.day)
    FROM e JOIN booked b ON b.donation_id = e.donation_id
    CROSS JOIN LATERAL (VALUES (1, $4::text, b.amount - b.capped_fee), (2, $5::text, b.capped_fee), (3, $6::text, -b.amount)) AS v(k, account, amount)
    WHERE v.amount <> 0
    ORDER BY b.n, v.k
  )
  SELECT m.source FROM missing m WHERE NOT EXISTS (SELECT 1 FROM d WHERE d.external_id = m.source)`;

/**
 * Stripe donations ↔ balance transactions: by the charge id (the balance transaction's source),
 * else by the balance transaction id recorded on the donation. One match per balance
 * transaction ever (a unique index on each side); a different amount is reported, not matched.
 *
 * The routine match (rule charge_source, same amount and currency, a donation the webhook booked
 * and nothing reconciled yet: 99 % of them) is written onto the donation itself, in the update
 * that marks it reconciled: the run (`reconciled_run_id`) and the balance transaction. Every other
 * finding is a reconciliation_matches row, as before (migration RoutineMatchOnDonation).
 *
 * The matched donations are marked reconciled newest day first: the update writes a new version
 * of each row (reconciled_at is in an index's predicate, so it is never HOT) and with it an entry
 * in each of five indexes ordered by (…, received_at DESC, id DESC); in that order those entries
 * go in side by side instead of all over the indexes. Answers how many routine matches it wrote.
 */
export const MATCH_STRIPE_DONATIONS = `
  WITH pairs AS (
    SELECT d.id AS donation_id, bt.id AS bt_id, 'charge_source' AS rule, d.amount, d.currency, d.received_at, d.reconciliation_flag,
           d.reconciled_at, d.balance_transaction, bt.amount AS bt_amount, bt.currency AS bt_currency
    FROM donations d JOIN stripe_balance_transactions bt ON bt.source = d.external_id AND bt.type IN ('charge', 'payment')
    WHERE d.channel = 'stripe' AND ${IN_WINDOW('d.received_at')}
    UNION ALL
    SELECT d.id, bt.id, 'balance_transaction_id', d.amount, d.currency, d.received_at, d.reconciliation_flag, d.reconciled_at, d.balance_transaction,
           bt.amount, bt.currency
    FROM donations d JOIN stripe_balance_transactions bt ON bt.id = d.balance_transaction
    WHERE d.channel = 'stripe' AND ${IN_WINDOW('d.received_at')} AND bt.source IS DISTINCT FROM d.external_id
  ), one AS (
    SELECT DISTINCT ON (bt_id) *, bt_amount = amount AND bt_currency = currency AS same
    FROM pairs ORDER BY bt_id, rule DESC
  ), fresh AS (
    SELECT o.*, (o.same AND o.rule = 'charge_source' AND o.reconciliation_flag IS NULL AND o.reconciled_at IS NULL
                 AND (o.balance_transaction IS NULL OR o.balance_transaction = o.bt_id)) AS routine
    FROM one o
    WHERE NOT EXISTS (SELECT 1 FROM reconciliation_matches r WHERE r.balance_transaction_id = o.bt_id AND r.active AND r.state = 'matched')
      AND NOT EXISTS (SELECT 1 FROM donations x WHERE x.balance_transaction = o.bt_id AND x.reconciled_run_id IS NOT NULL)
  ), ins AS (
    INSERT INTO reconciliation_matches (run_id, kind, rule, state, source, donation_id, balance_transaction_id, amount, currency, on_date)
    SELECT $3, CASE WHEN reconciliation_flag = 'missing_webhook' THEN 'missing_webhook' ELSE 'stripe_donation' END,
           CASE WHEN same THEN rule ELSE 'amount_mismatch' END, CASE WHEN same THEN 'matched' ELSE 'open' END,
           'auto', donation_id, bt_id, amount, currency, (received_at AT TIME ZONE 'UTC')::date
    FROM fresh WHERE NOT routine
    RETURNING donation_id, balance_transaction_id AS bt_id, state, on_date
  ), matched AS (
    SELECT donation_id, bt_id, false AS routine, on_date FROM ins WHERE state = 'matched'
    UNION ALL
    SELECT donation_id, bt_id, true, (received_at AT TIME ZONE 'UTC')::date FROM fresh WHERE routine
  ), upd AS (
    UPDATE donations d SET reconciled_at = now(),
           reconciled_run_id = CASE WHEN i.routine THEN $3::uuid END,
           balance_transaction = CASE WHEN i.routine THEN i.bt_id ELSE d.balance_transaction END
    FROM (SELECT donation_id, bt_id, routine FROM matched ORDER BY on_date DESC, donation_id DESC) i
    WHERE i.donation_id = d.id AND d.reconciled_at IS NULL
    RETURNING d.reconciled_run_id
  )
  SELECT count(reconciled_run_id)::int AS routine FROM upd`;

/** Stripe donations in the window that Stripe's balance never had: listed, nothing changed. */
export const DONATIONS_NOT_IN_STRIPE = `
  INSERT INTO reconciliation_matches (run_id, kind, rule, state, source, donation_id, amount, currency, on_date)
  SELECT $3, 'donation_not_in_stripe', 'no_balance_transaction', 'open', 'auto', d.id, d.amount, d.currency, (d.received_at AT TIME ZONE 'UTC')::date
  FROM donations d
  WHERE d.channel = 'stripe' AND ${IN_WINDOW('d.received_at')}
    AND NOT EXISTS (SELECT 1 FROM stripe_balance_transactions bt WHERE bt.source = d.external_id)
    AND NOT EXISTS (SELECT 1 FROM stripe_balance_transactions bt WHERE bt.id = d.balance_transaction)
    AND NOT ${ACKNOWLEDGED('donation_id', 'd.id')}`;

/**
 * Payouts (Stripe's and the providers') ↔ bank credits. $4/$5/$6 are the provider patterns,
 * $7/$8 the window (days before/after), $9/$10 the window of undated payouts. Candidates are
 * ranked by rules.ts's rules; window functions keep only pairs that are unambiguous on both
 * sides as matches (rules 1 and 2), the best pairs of what is left become suggestions.
 * Pairs a person undid are never proposed again.
 */
export const MATCH_PAYOUTS = `
  WITH p AS (
    SELECT 'payout'::text AS ptype, id, 'stripe'::text AS provider, external_id, amount, currency::text AS currency,
           arrival_date AS anchor, $7::int AS before, $8::int AS after
    FROM payouts po
    WHERE provider = 'stripe' AND status = 'paid' AND amount > 0 AND arrival_date BETWEEN $1::date - $8::int AND $2::date + $7::int
      AND NOT EXISTS (SELECT 1 FROM reconciliation_matches r WHERE r.payout_id = po.id AND r.active AND r.state = 'matched')
    UNION ALL
    SELECT 'provider_payout', id, provider, external_id, net, currency, COALESCE(paid_on, period_end + 1),
           CASE WHEN paid_on IS NULL THEN $9::int ELSE $7::int END, CASE WHEN paid_on IS NULL THEN $10::int ELSE $8::int END
    FROM provider_payouts pp
    WHERE net > 0 AND COALESCE(paid_on, period_end + 1) BETWEEN $1::date - $10::int AND $2::date + $9::int
      AND NOT EXISTS (SELECT 1 FROM reconciliation_matches r WHERE r.provider_payout_id = pp.id AND r.active AND r.state = 'matched')
  ), b AS (
    SELECT bl.id, bl.amount, bl.currency, bl.booked_on,
           upper(concat_ws(' ', bl.reference, bl.description, bl.bank_reference)) AS refs,
           concat_ws(' ', bl.counterparty, bl.description, bl.reference) AS evidence
    FROM bank_lines bl
    WHERE bl.direction = 'credit' AND NOT bl.reversal AND bl.match_state = 'unmatched' AND bl.booked_on BETWEEN $1::date AND $2::date
  ), cand AS (
    SELECT * FROM (
      SELECT b.id AS line, b.booked_on, b.amount, b.currency, p.ptype, p.id AS pid,
             CASE WHEN strpos(b.refs, upper(p.external_id)) > 0 THEN 1
                  WHEN b.booked_on BETWEEN p.anchor - p.before AND p.anchor + p.after THEN
                    CASE WHEN b.evidence ~* (CASE p.provider WHEN 'stripe' THEN $4 WHEN 'patreon' THEN $5 ELSE $6 END) THEN 2 ELSE 3 END
             END AS rank
      FROM b JOIN p ON p.amount = b.amount AND p.currency = b.currency
    ) x
    WHERE rank IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM reconciliation_matches u WHERE u.undone_at IS NOT NULL AND u.bank_line_id = x.line
                      AND (u.payout_id = x.pid OR u.provider_payout_id = x.pid))
  ), ranked AS (
    SELECT c.*, min(rank) OVER (PARTITION BY line) AS lmin, min(rank) OVER (PARTITION BY pid) AS pmin,
           count(*) OVER (PARTITION BY line, rank) AS lcnt, count(*) OVER (PARTITION BY pid, rank) AS pcnt
    FROM cand c
  ), auto AS (
    SELECT * FROM ranked WHERE rank <= 2 AND rank = lmin AND rank = pmin AND lcnt = 1 AND pcnt = 1
  )
  INSERT INTO reconciliation_matches (run_id, kind, rule, state, source, bank_line_id, payout_id, provider_payout_id, amount, currency, on_date)
  SELECT $3, CASE r.ptype WHEN 'payout' THEN 'stripe_payout' ELSE 'provider_payout' END,
         CASE r.rank WHEN 1 THEN 'payout_reference' WHEN 2 THEN 'provider_amount_window' ELSE 'amount_date_only' END,
         CASE WHEN a.line IS NOT NULL THEN 'matched' ELSE 'suggested' END, 'auto', r.line,
         CASE WHEN r.ptype = 'payout' THEN r.pid END, CASE WHEN r.ptype = 'provider_payout' THEN r.pid END, r.amount, r.currency, r.booked_on
  FROM ranked r LEFT JOIN auto a ON a.line = r.line AND a.pid = r.pid
  WHERE a.line IS NOT NULL
     OR (r.rank = r.lmin AND NOT EXISTS (SELECT 1 FROM auto x WHERE x.line = r.line) AND NOT EXISTS (SELECT 1 FROM auto y WHERE y.pid = r.pid))`;

/** What this run matched to a bank line: the line is matched, the payout reconciled. */
export const MARK_MATCHED = [
  `UPDATE bank_lines bl SET match_state = 'matched' FROM reconciliation_matches r
   WHERE r.run_id = $1 AND r.state = 'matched' AND r.bank_line_id = bl.id`,
  `UPDATE payouts po SET reconciled_at = now(), updated_at = now() FROM reconciliation_matches r
   WHERE r.run_id = $1 AND r.state = 'matched' AND r.payout_id = po.id`,
];

/** Bank credits nothing explains, and payouts that never reached the bank. */
export const LEFT_OVER = `
  WITH deposits AS (
    INSERT INTO reconciliation_matches (run_id, kind, rule, state, source, bank_line_id, amount, currency, on_date)
    SELECT $3, 'unidentified_deposit', 'no_candidate', 'open', 'auto', bl.id, bl.amount, bl.currency, bl.booked_on
    FROM bank_lines bl
    WHERE bl.direction = 'credit' AND NOT bl.reversal AND bl.match_state = 'unmatched' AND bl.booked_on BETWEEN $1::date AND $2::date
      AND NOT EXISTS (SELECT 1 FROM reconciliation_matches s WHERE s.bank_line_id = bl.id AND s.active AND s.state = 'suggested')
    RETURNING id)
  INSERT INTO reconciliation_matches (run_id, kind, rule, state, source, payout_id, provider_payout_id, amount, currency, on_date)
  SELECT $3, 'payout_not_in_bank', 'no_bank_credit', 'open', 'auto', payout_id, provider_payout_id, amount, currency, on_date FROM (
    SELECT po.id AS payout_id, NULL::uuid AS provider_payout_id, po.amount, po.currency, po.arrival_date AS on_date
    FROM payouts po WHERE po.provider = 'stripe' AND po.status = 'paid' AND po.amount > 0 AND po.arrival_date BETWEEN $1::date AND $2::date
      AND NOT EXISTS (SELECT 1 FROM reconciliation_matches r WHERE r.payout_id = po.id AND r.active AND r.state IN ('matched', 'suggested'))
      AND NOT ${ACKNOWLEDGED('payout_id', 'po.id')}
    UNION ALL
    SELECT NULL, pp.id, pp.net, pp.currency, COALESCE(pp.paid_on, pp.period_end + 1)
    FROM provider_payouts pp WHERE pp.net > 0 AND COALESCE(pp.paid_on, pp.period_end + 1) BETWEEN $1::date AND $2::date
      AND NOT EXISTS (SELECT 1 FROM reconciliation_matches r WHERE r.provider_payout_id = pp.id AND r.active AND r.state IN ('matched', 'suggested'))
      AND NOT ${ACKNOWLEDGED('provider_payout_id', 'pp.id')}
  ) x`;

/**
 * The conditions of rule `manual_donation_amount_date` (rules.ts) in SQL, over a bank line `bl`
 * and a donation `d`: a bank or cheque donation recorded by a person (not an import, not a
 * classification of a line), not refunded, not matched to a line yet, same amount and currency,
 * booked within the window around the date it was recorded for (`before`/`after`: the parameters holding the days).
 */
const MANUAL_DONATION_FITS = (before: string, after: string) => `
  d.amount = bl.amount AND d.currency = bl.currency AND d.channel IN ('bank', 'other') AND d.created_by IS NOT NULL
  AND (d.external_id IS NULL OR d.external_id NOT LIKE 'bank-line:%') AND d.status NOT IN ('refunded', 'failed')
  AND bl.booked_on - (d.received_at AT TIME ZONE 'UTC')::date BETWEEN -${before}::int AND ${after}::int
  AND NOT EXISTS (SELECT 1 FROM reconciliation_matches r WHERE r.donation_id = d.id AND r.active AND r.state = 'matched')`;

/**
 * Credits still open after the payout rules ↔ donations recorded by hand: the closest-dated
 * donations of each line become suggestions (never matches). A pair a person rejected is not
 * proposed again. $4/$5 = the window's days before/after.
 */
export const SUGGEST_MANUAL_DONATIONS = `
  INSERT INTO reconciliation_matches (run_id, kind, rule, state, source, bank_line_id, donation_id, amount, currency, on_date)
  SELECT $3, 'bank_donation', 'manual_donation_amount_date', 'suggested', 'auto', line, donation, amount, currency, booked_on
  FROM (
    SELECT bl.id AS line, d.id AS donation, bl.amount, bl.currency, bl.booked_on,
           abs(bl.booked_on - (d.received_at AT TIME ZONE 'UTC')::date) AS distance,
           min(abs(bl.booked_on - (d.received_at AT TIME ZONE 'UTC')::date)) OVER (PARTITION BY bl.id) AS best
    FROM bank_lines bl JOIN donations d ON ${MANUAL_DONATION_FITS('$4', '$5')}
    WHERE bl.direction = 'credit' AND NOT bl.reversal AND bl.match_state = 'unmatched' AND bl.booked_on BETWEEN $1::date AND $2::date
      AND NOT EXISTS (SELECT 1 FROM reconciliation_matches s WHERE s.bank_line_id = bl.id AND s.active AND s.state = 'suggested')
      AND NOT EXISTS (SELECT 1 FROM reconciliation_matches u WHERE u.undone_at IS NOT NULL AND u.bank_line_id = bl.id AND u.donation_id = d.id)
  ) c
  WHERE distance = best`;

/** For a classification: the hand-recorded donations bank line $1 would double. $2/$3 = the window's days before/after. */
export const MANUAL_DONATIONS_FOR_LINE = `
  SELECT d.id, d.amount::text, d.currency::text, to_char(d.received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS "receivedOn", d.reference,
         s.name AS sponsor
  FROM bank_lines bl JOIN donations d ON ${MANUAL_DONATION_FITS('$2', '$3')}
  LEFT JOIN sponsors s ON s.id = d.sponsor_id
  WHERE bl.id = $1
  ORDER BY abs(bl.booked_on - (d.received_at AT TIME ZONE 'UTC')::date), d.received_at, d.id
  LIMIT 10`;

/** Acknowledged findings that have since resolved (the donation found in Stripe, the payout in the bank) are retired. */
export const RETIRE_RESOLVED = `
  UPDATE reconciliation_matches a SET active = false
  WHERE a.active AND a.state = 'open' AND a.acknowledged_at IS NOT NULL AND a.on_date BETWEEN $1::date AND $2::date AND (EXISTS (
    SELECT 1 FROM reconciliation_matches r WHERE r.active AND r.state = 'matched' AND r.id <> a.id
      AND (r.donation_id = a.donation_id OR r.payout_id = a.payout_id OR r.provider_payout_id = a.provider_payout_id))
    OR EXISTS (SELECT 1 FROM donations d WHERE d.id = a.donation_id AND d.reconciled_run_id IS NOT NULL))`;

/** A run's totals: its rows, and the routine matches it wrote onto donations ($2: MATCH_STRIPE_DONATIONS's answer). */
export const TOTALS = `
  SELECT (count(*) FILTER (WHERE state = 'matched') + $2::int)::int AS matched, count(*) FILTER (WHERE state = 'suggested')::int AS suggested,
         count(*) FILTER (WHERE state = 'open')::int AS unmatched
  FROM reconciliation_matches WHERE run_id = $1`;
