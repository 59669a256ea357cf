import { MigrationInterface, QueryRunner } from 'typeorm';
import { STRIPE_BOOK_CHARGE_V2 } from './1764310100000-StripeChargeRateOnce.js';

const LOOKUP = "        SELECT id, fee_pending INTO v_donation, v_fee_pending FROM donations WHERE channel = 'stripe' AND external_id = v_charge;\n";
const LOOKUP_FRESH = "        EXECUTE 'SELECT id, fee_pending FROM donations WHERE channel = ''stripe'' AND external_id = $1' INTO v_donation, v_fee_pending USING v_charge;\n";

if (STRIPE_BOOK_CHARGE_V2.split(LOOKUP).length !== 2) throw new Error('StripeChargeLookupPlannedFresh: expected exactly one donation lookup');
export const STRIPE_BOOK_CHARGE_V3 = STRIPE_BOOK_CHARGE_V2.replace(LOOKUP, () => LOOKUP_FRESH);

/**
 * B2 (issue 15): `stripe_book_charge` finds the charge's donation with a statement planned on
 * every call (`EXECUTE … USING`) instead of a plan plpgsql keeps for the session.
 *
 * plpgsql switches a statement to a generic plan after five calls. A connection that booked its
 * first charges while `donations` was new and never analyzed (a fresh installation, each B2
 * round) could keep a generic plan that read the whole partial index
 * `donations_stripe_received_idx` (Stripe donations by date) and filtered on `external_id`:
 * with no statistics both that index and the unique `(channel, external_id)` key cost the same
 * to the planner. The plan stays until something invalidates it, so each booking read every
 * Stripe donation so far. Seen with auto_explain in one B2 round in three: 8–11 ms per lookup
 * at ~8k donations, ingest at 270–370 instead of 800–1,000 events/s, one backend at 90 % CPU.
 * A fresh plan sees the tables' real size (the planner counts their pages) and takes the key;
 * its planning costs a few tens of microseconds per charge.
 */
export class StripeChargeLookupPlannedFresh1764700000000 implements MigrationInterface {
  name = 'StripeChargeLookupPlannedFresh1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(STRIPE_BOOK_CHARGE_V3);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(STRIPE_BOOK_CHARGE_V2);
  }
}
