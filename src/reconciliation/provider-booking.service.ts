import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DonationsService } from '../donations/donations.service.js';
import { FundsService } from '../funds/funds.service.js';
import type { Channel } from '../ledger/accounts.js';
import { payoutToBank } from '../ledger/journal-shapes.js';
import { LedgerService } from '../ledger/ledger.service.js';

/**
 * The books for a Patreon or merch payout once its bank credit is known (matched by a run or by
 * hand). The payout is the donation: the providers report money per payout, not per patron
 * charge we could trust for amounts and fees, and the bank credit proves it arrived. So:
 *  - a donation (channel patreon/merch, external id = the payout's) through DonationsService,
 *    gross = max(gross, net), fee = gross − net (platform, payment, currency fees and refunds
 *    withheld): Dr assets:<channel> net · Dr expenses:fees:<channel> fee · Cr income:donations:<channel> gross;
 *  - a transfer entry dated on the bank line: Dr assets:bank · Cr assets:<channel> (net),
 *    keyed by the match, so an undone and redone match books a fresh transfer.
 * The donation is keyed by the payout, so it is never booked twice however often it is matched.
 */
@Injectable()
export class ProviderBookingService {
  constructor(
    private readonly donations: DonationsService,
    private readonly ledger: LedgerService,
    private readonly funds: FundsService,
  ) {}

  async book(m: EntityManager, matchId: string, actorId: string | null): Promise<void> {
    const [row] = await m.query(
      `SELECT pp.provider, pp.external_id, pp.gross::text, pp.net::text, pp.currency,
              -- The payout's date, unless its month is closed: then the bank line's (open) date.
              to_char(CASE WHEN EXISTS (SELECT 1 FROM periods p WHERE p.month = date_trunc('month', COALESCE(pp.paid_on, pp.period_end + 1))::date)
                           THEN bl.booked_on ELSE COALESCE(pp.paid_on, pp.period_end + 1, bl.booked_on) END, 'YYYY-MM-DD') AS paid_on,
              to_char(bl.booked_on, 'YYYY-MM-DD') AS booked_on
       FROM reconciliation_matches r JOIN provider_payouts pp ON pp.id = r.provider_payout_id JOIN bank_lines bl ON bl.id = r.bank_line_id
       WHERE r.id = $1`,
      [matchId],
    );
    const channel = row.provider as Channel;
    const net = BigInt(row.net);
    const gross = BigInt(row.gross) > net ? BigInt(row.gross) : net;
    const fundId = await this.funds.idFor(m, 'general', { requireActive: false });
    const { id: donationId } = await this.donations.record(m, {
      channel,
      externalId: row.external_id,
      amount: gross,
      fee: gross - net,
      currency: row.currency,
      // The payout's own date; a bank credit booked before it (window −2 days) still dates the donation by the payout.
      receivedAt: new Date(`${row.paid_on}T00:00:00Z`),
      fundId,
      reference: `${channel} payout ${row.external_id}`,
      createdBy: actorId,
    });
    await m.query(`UPDATE donations SET reconciled_at = COALESCE(reconciled_at, now()) WHERE id = $1`, [donationId]);
    const entry = await this.ledger.post(m, {
      key: `reconciliation:${matchId}:transfer`,
      kind: 'payout.provider',
      effectiveDate: row.booked_on,
      description: `${channel} payout ${row.external_id} reached the bank`,
      donationId,
      postedBy: actorId,
      postings: payoutToBank({ channel, fundId, currency: row.currency }, net),
    });
    await m.query(`UPDATE reconciliation_matches SET donation_id = $2, transfer_entry_id = $3 WHERE id = $1`, [matchId, donationId, entry]);
  }
}
