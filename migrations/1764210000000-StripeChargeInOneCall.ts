import { MigrationInterface, QueryRunner } from 'typeorm';

/** The function as this migration created it (StripeChargeRateOnce restores it on revert). */
export const STRIPE_BOOK_CHARGE_V1 = `
      CREATE FUNCTION stripe_book_charge(p jsonb) RETURNS text LANGUAGE plpgsql AS $$
      DECLARE
        v_charge text := p->>'chargeId';
        v_pi text := p->>'paymentIntent';
        v_base text := p->>'base';
        v_key text;
        v_outcome text;
        v_donation uuid;
        v_fee_pending boolean;
        v_fund uuid;
        v_fund_name text;
        v_sponsor_id uuid;
        v_sponsor_name text;
        v_sponsor_email text;
        v_sponsor_locale text;
        v_receipts boolean;
        v_entry uuid;
        v_amount bigint := (p->>'amount')::bigint;
        v_fee bigint := (p->>'fee')::bigint;
        v_currency text := p->>'currency';
        v_on date := (p->>'receivedAt')::timestamptz AT TIME ZONE 'UTC';
        v_d record;
        v_target bigint;
        v_delta bigint;
        v_outbox uuid;
      BEGIN
        INSERT INTO stripe_events (id, type, created_at_stripe, outcome)
        VALUES (p->>'eventId', p->>'type', to_timestamp((p->>'created')::bigint), 'applied') ON CONFLICT (id) DO NOTHING;
        IF NOT FOUND THEN
          SELECT outcome INTO v_outcome FROM stripe_events WHERE id = p->>'eventId';
          RETURN 'duplicate:' || v_outcome;
        END IF;
        -- Payment intent first, then charge (the order every handler uses).
        FOR v_key IN SELECT jsonb_array_elements_text(p->'locks') LOOP
          PERFORM pg_advisory_xact_lock(hashtextextended(v_key, 0));
        END LOOP;
        IF (p->>'ignored')::boolean THEN
          UPDATE stripe_events SET outcome = 'ignored' WHERE id = p->>'eventId';
          RETURN 'ignored';
        END IF;

        SELECT id, fee_pending INTO v_donation, v_fee_pending FROM donations WHERE channel = 'stripe' AND external_id = v_charge;
        IF v_donation IS NULL THEN
          IF (v_pi IS NOT NULL AND EXISTS (SELECT 1 FROM stripe_payment_context WHERE payment_intent = v_pi))
             OR EXISTS (SELECT 1 FROM stripe_events WHERE outcome = 'waiting' AND waiting_for = v_charge) THEN
            RAISE EXCEPTION 'charge % needs the general path', v_charge USING ERRCODE = 'CF001';
          END IF;
          -- Unknown or missing fund codes go to general: a webhook never bounces on data.
          SELECT id, name INTO v_fund, v_fund_name FROM funds WHERE code = COALESCE(p->>'fund', 'general');
          IF v_fund IS NULL THEN SELECT id, name INTO v_fund, v_fund_name FROM funds WHERE code = 'general'; END IF;
          IF p->>'email' IS NOT NULL THEN
            INSERT INTO sponsors (name, email, locale) VALUES (p->>'name', p->>'email', p->>'locale')
            ON CONFLICT (lower(email)) DO NOTHING
            RETURNING id, name, email, locale, email_receipts INTO v_sponsor_id, v_sponsor_name, v_sponsor_email, v_sponsor_locale, v_receipts;
            IF NOT FOUND THEN
              SELECT id, name, email, locale, email_receipts INTO v_sponsor_id, v_sponsor_name, v_sponsor_email, v_sponsor_locale, v_receipts
              FROM sponsors WHERE lower(email) = lower(p->>'email');
            END IF;
          END IF;
          INSERT INTO donations (channel, external_id, amount, fee, fee_pending, currency, received_at, sponsor_id, fund_id, payment_intent, balance_transaction)
          VALUES ('stripe', v_charge, v_amount, v_fee, (p->>'feePending')::boolean, v_currency, (p->>'receivedAt')::timestamptz,
                  v_sponsor_id, v_fund, v_pi, p->>'balanceTransaction')
          ON CONFLICT (channel, external_id) WHERE external_id IS NOT NULL DO NOTHING RETURNING id INTO v_donation;
          IF v_donation IS NULL THEN
            RAISE EXCEPTION 'charge % was recorded by another path', v_charge USING ERRCODE = 'CF001';
          END IF;
          INSERT INTO journal_entries (key, kind, effective_date, description, donation_id)
          VALUES ('donation:' || v_donation, 'donation', v_on, 'Donation via stripe', v_donation) RETURNING id INTO v_entry;
          -- Dr holding (net) · Dr fees (fee) · Cr income (gross); zero lines are not posted.
          INSERT INTO postings (entry_id, account, fund_id, currency, amount, rate)
          SELECT v_entry, l.account, v_fund, v_currency, l.amount, ledger_rate_on(v_currency, v_base, v_on)
          FROM (VALUES ('assets:stripe', v_amount - v_fee), ('expenses:fees:stripe', v_fee), ('income:donations:stripe', -v_amount)) AS l(account, amount)
          WHERE l.amount <> 0;
          IF v_sponsor_id IS NOT NULL AND v_receipts THEN
            v_outbox := gen_random_uuid();
            INSERT INTO email_outbox (id, template, locale, recipient, props, category, dedupe_key, message_id)
            VALUES (v_outbox, 'donation-receipt', v_sponsor_locale, v_sponsor_email,
                    jsonb_build_object('fund', v_fund_name) || (p->'receipt'->v_sponsor_locale) || jsonb_build_object('name', v_sponsor_name),
                    'transactional', 'receipt:' || v_donation, '<' || v_outbox || '@' || (p->>'host') || '>')
            ON CONFLICT (dedupe_key) DO NOTHING;
          END IF;
        ELSIF v_fee_pending AND (p->>'feeKnown')::boolean THEN
          RAISE EXCEPTION 'charge % has a fee to complete', v_charge USING ERRCODE = 'CF001';
        END IF;

        -- Refunds as the cumulative total Stripe reports (DonationAdjustmentsService.refundTo).
        IF (p->>'refundedTotal')::bigint > 0 THEN
          SELECT id, fund_id, currency, amount, refunded_amount INTO v_d FROM donations WHERE id = v_donation FOR UPDATE;
          v_target := least((p->>'refundedTotal')::bigint, v_d.amount);
          v_delta := v_target - v_d.refunded_amount;
          IF v_delta > 0 THEN
            UPDATE donations SET refunded_amount = v_target, updated_at = now() WHERE id = v_donation;
            v_entry := NULL;
            INSERT INTO journal_entries (key, kind, effective_date, description, donation_id)
            VALUES ('refund:' || v_donation || ':' || v_target, 'donation.refund', (p->>'refundDate')::date,
                    'Refund of stripe donation (total refunded ' || v_target || ')', v_donation)
            ON CONFLICT (key) DO NOTHING RETURNING id INTO v_entry;
            IF v_entry IS NOT NULL THEN
              INSERT INTO postings (entry_id, account, fund_id, currency, amount, rate)
              SELECT v_entry, l.account, v_d.fund_id, v_d.currency, l.amount, ledger_rate_on(v_d.currency, v_base, (p->>'refundDate')::date)
              FROM (VALUES ('income:donations:stripe', v_delta), ('assets:stripe', -v_delta)) AS l(account, amount);
            END IF;
            UPDATE donations d SET status = CASE
                WHEN EXISTS (SELECT 1 FROM stripe_disputes s WHERE s.donation_id = d.id AND s.status IN ('open', 'lost')) THEN 'disputed'
                WHEN d.refunded_amount >= d.amount THEN 'refunded'
                WHEN d.refunded_amount > 0 THEN 'partially_refunded'
                ELSE 'succeeded' END, updated_at = now()
            WHERE d.id = v_donation AND d.status <> 'failed';
          END IF;
        END IF;
        RETURN 'applied';
      END
      $$`;

/**
 * `stripe_book_charge(p jsonb)`: the whole booking of a Stripe charge event in one call, so the
 * webhook costs one round trip instead of seven. The event id (primary key), the payment's
 * advisory locks, the sponsor, the donation, its journal entry and postings (the deferred balance
 * trigger still checks them at commit), the receipt in the outbox and a cumulative refund, with
 * the same keys and in the same order as ChargeHandler, so the two paths can run side by side.
 *
 * What it leaves to ChargeHandler (a checkout context for the payment intent, disputes waiting
 * for this charge, a fee still pending) it refuses with SQLSTATE CF001 before writing anything
 * that outlives the statement: the caller then takes the general path.
 */
export class StripeChargeInOneCall1764210000000 implements MigrationInterface {
  name = 'StripeChargeInOneCall1764210000000';

  async up(q: QueryRunner): Promise<void> {
    // The rate to the base currency a posting is stored with (same rule as LedgerService.entryCte).
    await q.query(`
      CREATE FUNCTION ledger_rate_on(p_currency text, p_base text, p_on date) RETURNS numeric LANGUAGE sql STABLE AS $$
        SELECT CASE WHEN p_currency = p_base THEN 1 ELSE
          (SELECT r.rate FROM exchange_rates r WHERE r.currency = p_currency AND r.base = p_base AND r.as_of <= p_on ORDER BY r.as_of DESC LIMIT 1) END
      $$`);
    await q.query(STRIPE_BOOK_CHARGE_V1);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION stripe_book_charge(jsonb)`);
    await q.query(`DROP FUNCTION ledger_rate_on(text, text, date)`);
  }
}
