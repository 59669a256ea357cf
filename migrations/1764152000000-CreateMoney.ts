import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Money in: funds, sponsors, donations, the double-entry ledger, Stripe events and payouts.
 *
 * The ledger's two invariants live here, not only in code:
 *  - every journal entry's postings sum to zero per currency, checked by a DEFERRABLE
 *    INITIALLY DEFERRED constraint trigger, i.e. at COMMIT, after all postings of the entry
 *    are inserted (a per-statement check would fire between the first and second posting);
 *  - posted rows are immutable: UPDATE/DELETE/TRUNCATE on entries and postings is refused.
 * Balances are not cached: they are sums over `postings` (indexed by account, fund, currency),
 * so there is no second copy that could drift.
 */
export class CreateMoney1764152000000 implements MigrationInterface {
  name = 'CreateMoney1764152000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE funds (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        description text,
        restricted boolean NOT NULL DEFAULT true,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`INSERT INTO funds (code, name, description, restricted) VALUES
      ('general', 'General fund', 'Unrestricted donations', false),
      ('rsoc', 'Redox Summer of Code', 'Stipends for summer-of-code students', true)`);

    await q.query(`
      CREATE TABLE sponsors (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL DEFAULT 'individual' CHECK (kind IN ('individual', 'organization')),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        email text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
        public_name text CHECK (length(public_name) <= 200),
        anonymous boolean NOT NULL DEFAULT false,
        locale text NOT NULL DEFAULT 'en' CHECK (locale IN ('en', 'de')),
        email_receipts boolean NOT NULL DEFAULT true,
        email_updates boolean NOT NULL DEFAULT true,
        stripe_customer_id text UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX sponsors_email_key ON sponsors (lower(email))`);

    await q.query(`
      CREATE TABLE donations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        channel text NOT NULL CHECK (channel IN ('stripe', 'patreon', 'merch', 'bank', 'crypto', 'other')),
        external_id text CHECK (length(external_id) BETWEEN 1 AND 255),
        amount bigint NOT NULL CHECK (amount > 0),
        fee bigint NOT NULL DEFAULT 0 CHECK (fee >= 0 AND fee <= amount),
        -- Stripe sent no balance transaction yet: gross is booked, the fee follows on sync.
        fee_pending boolean NOT NULL DEFAULT false,
        net bigint GENERATED ALWAYS AS (amount - fee) STORED,
        refunded_amount bigint NOT NULL DEFAULT 0 CHECK (refunded_amount >= 0 AND refunded_amount <= amount),
        currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        received_at timestamptz NOT NULL,
        sponsor_id uuid REFERENCES sponsors(id),
        fund_id uuid NOT NULL REFERENCES funds(id),
        recurring boolean NOT NULL DEFAULT false,
        subscription_id text,
        status text NOT NULL DEFAULT 'succeeded'
          CHECK (status IN ('succeeded', 'refunded', 'partially_refunded', 'disputed', 'failed')),
        reconciled_at timestamptz,
        reference text CHECK (length(reference) <= 500),
        note text CHECK (length(note) <= 2000),
        anonymous boolean NOT NULL DEFAULT false,
        payment_intent text,
        balance_transaction text,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX donations_external_key ON donations (channel, external_id) WHERE external_id IS NOT NULL`);
    await q.query(`CREATE INDEX donations_received_idx ON donations (received_at DESC, id DESC)`);
    await q.query(`CREATE INDEX donations_sponsor_idx ON donations (sponsor_id, received_at)`);
    await q.query(`CREATE INDEX donations_fund_idx ON donations (fund_id, received_at)`);
    await q.query(`CREATE INDEX donations_payment_intent_idx ON donations (payment_intent) WHERE payment_intent IS NOT NULL`);
    await q.query(`CREATE INDEX donations_fee_pending_idx ON donations (id) WHERE fee_pending`);

    await q.query(`
      CREATE TABLE exchange_rates (
        currency char(3) NOT NULL,
        base char(3) NOT NULL,
        as_of date NOT NULL,
        -- A decimal, never a float: 1 unit of currency = rate units of base.
        rate numeric(30, 12) NOT NULL CHECK (rate > 0),
        PRIMARY KEY (currency, base, as_of)
      )`);

    await q.query(`
      CREATE TABLE journal_entries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigserial UNIQUE,
        -- The cause's natural key ("stripe:charge:ch_…"): posting the same cause twice is a no-op.
        key text UNIQUE CHECK (length(key) BETWEEN 1 AND 300),
        kind text NOT NULL CHECK (length(kind) BETWEEN 1 AND 60),
        effective_date date NOT NULL,
        description text NOT NULL CHECK (length(description) BETWEEN 1 AND 500),
        donation_id uuid REFERENCES donations(id),
        reverses uuid REFERENCES journal_entries(id),
        posted_at timestamptz NOT NULL DEFAULT now(),
        posted_by uuid
      )`);
    await q.query(`CREATE INDEX journal_entries_date_idx ON journal_entries (effective_date, seq)`);
    await q.query(`CREATE INDEX journal_entries_donation_idx ON journal_entries (donation_id) WHERE donation_id IS NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX journal_entries_reverses_key ON journal_entries (reverses) WHERE reverses IS NOT NULL`);

    await q.query(`
      CREATE TABLE postings (
        id bigserial PRIMARY KEY,
        entry_id uuid NOT NULL REFERENCES journal_entries(id),
        account text NOT NULL CHECK (account ~ '^(assets|liabilities|equity|income|expenses)(:[a-z0-9][a-z0-9-]*)+$'),
        fund_id uuid NOT NULL REFERENCES funds(id),
        currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        amount bigint NOT NULL CHECK (amount <> 0),
        -- Rate to BASE_CURRENCY when posted; NULL when no rate was known (reports show it unconverted).
        rate numeric(30, 12) CHECK (rate > 0)
      )`);
    await q.query(`CREATE INDEX postings_entry_idx ON postings (entry_id)`);
    await q.query(`CREATE INDEX postings_account_idx ON postings (account, fund_id, currency)`);

    await q.query(`
      CREATE FUNCTION journal_entry_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE n bigint; bad text;
      BEGIN
        -- One pass over the entry's postings: how many, and the first currency left unbalanced.
        SELECT sum(cnt), min(CASE WHEN total <> 0 THEN total || ' ' || currency END) INTO n, bad
        FROM (SELECT currency, count(*) AS cnt, sum(amount) AS total FROM postings WHERE entry_id = NEW.entry_id GROUP BY currency) x;
        IF n < 2 THEN
          RAISE EXCEPTION 'journal entry % has % posting(s); at least two are needed', NEW.entry_id, n USING ERRCODE = '23514';
        END IF;
        IF bad IS NOT NULL THEN
          RAISE EXCEPTION 'journal entry % does not balance: % left over', NEW.entry_id, bad USING ERRCODE = '23514';
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE CONSTRAINT TRIGGER postings_balanced AFTER INSERT ON postings
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION journal_entry_balanced()`);
    // An entry with no postings at all would escape the posting trigger; check entries too.
    await q.query(`
      CREATE FUNCTION journal_entry_has_postings() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM postings WHERE entry_id = NEW.id) THEN
          RAISE EXCEPTION 'journal entry % has no postings', NEW.id USING ERRCODE = '23514';
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE CONSTRAINT TRIGGER journal_entries_not_empty AFTER INSERT ON journal_entries
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION journal_entry_has_postings()`);
    for (const table of ['journal_entries', 'postings']) {
      await q.query(`CREATE TRIGGER ${table}_immutable BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION refuse_change()`);
      await q.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()`);
    }

    await q.query(`
      CREATE TABLE payouts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        provider text NOT NULL CHECK (provider IN ('stripe', 'patreon', 'merch')),
        external_id text NOT NULL,
        amount bigint NOT NULL CHECK (amount >= 0),
        currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        arrival_date date NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'in_transit', 'paid', 'failed', 'canceled')),
        paid_entry_id uuid REFERENCES journal_entries(id),
        failed_entry_id uuid REFERENCES journal_entries(id),
        reconciled_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (provider, external_id)
      )`);
    await q.query(`CREATE INDEX payouts_arrival_idx ON payouts (arrival_date)`);

    await q.query(`
      CREATE TABLE stripe_events (
        id text PRIMARY KEY,
        type text NOT NULL,
        created_at_stripe timestamptz NOT NULL,
        -- applied | ignored | waiting (for the charge it refers to)
        outcome text NOT NULL CHECK (outcome IN ('applied', 'ignored', 'waiting')),
        waiting_for text,
        payload jsonb,
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX stripe_events_waiting_idx ON stripe_events (waiting_for) WHERE outcome = 'waiting'`);

    // What a checkout session or invoice said about a payment (fund, sponsor, subscription), kept
    // so a charge that arrives before or after it ends up the same.
    await q.query(`
      CREATE TABLE stripe_payment_context (
        payment_intent text PRIMARY KEY,
        fund_code text,
        sponsor_email text,
        sponsor_name text,
        locale text,
        subscription_id text,
        recurring boolean NOT NULL DEFAULT false,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE stripe_subscriptions (
        id text PRIMARY KEY,
        customer_id text,
        fund_code text,
        sponsor_email text,
        sponsor_name text,
        locale text,
        status text NOT NULL DEFAULT 'active',
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE stripe_disputes (
        id text PRIMARY KEY,
        donation_id uuid NOT NULL REFERENCES donations(id),
        amount bigint NOT NULL CHECK (amount > 0),
        currency char(3) NOT NULL,
        status text NOT NULL CHECK (status IN ('open', 'won', 'lost')),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE stripe_sync_state (
        id int PRIMARY KEY CHECK (id = 1),
        balance_cursor bigint NOT NULL DEFAULT 0,
        payout_cursor bigint NOT NULL DEFAULT 0,
        last_run_at timestamptz,
        running_since timestamptz
      )`);
    await q.query(`INSERT INTO stripe_sync_state (id) VALUES (1)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['stripe_sync_state', 'stripe_disputes', 'stripe_subscriptions', 'stripe_payment_context', 'stripe_events', 'payouts']) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query(`DROP TABLE postings`);
    await q.query(`DROP TABLE journal_entries`);
    await q.query(`DROP FUNCTION journal_entry_has_postings()`);
    await q.query(`DROP FUNCTION journal_entry_balanced()`);
    for (const table of ['exchange_rates', 'donations', 'sponsors', 'funds']) await q.query(`DROP TABLE ${table}`);
  }
}
