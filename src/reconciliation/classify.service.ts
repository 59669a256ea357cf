import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { toSafeNumber } from '../common/money/money.js';
import { TransactionService } from '../database/transaction.service.js';
import { DonationsService } from '../donations/donations.service.js';
import { DonationsException } from '../donations/donations.exception.js';
import { FundsService } from '../funds/funds.service.js';
import { SponsorsService } from '../sponsors/sponsors.service.js';
import type { Actor } from '../users/role.js';
import { MatchesService } from './matches.service.js';
import { ClassifyDto } from './reconciliation.dto.js';
import { ReconciliationException } from './reconciliation.exception.js';
import { RECONCILIATION_LOCK } from './reconciliation-run.service.js';
import { MANUAL_DONATION_WINDOW } from './rules.js';
import { MANUAL_DONATIONS_FOR_LINE } from './run-sql.js';

/**
 * `POST /bank-lines/:id/classify`: a person says what a deposit is. A donation is recorded on
 * the `bank` channel through DonationsService (Dr assets:bank · Cr income:donations:bank) with
 * the external id `bank-line:<id>`, so the same line can never become two donations; anything
 * else is marked not a donation with the person's note. Either way the line is `classified`.
 */
@Injectable()
export class ClassifyService {
  constructor(
    private readonly tx: TransactionService,
    private readonly donations: DonationsService,
    private readonly funds: FundsService,
    private readonly sponsors: SponsorsService,
    private readonly matches: MatchesService,
    private readonly audit: AuditService,
  ) {}

  classify(lineId: string, dto: ClassifyDto, actor: Actor) {
    if (dto.as === 'not_donation' && (dto.fund || dto.sponsor || dto.sponsorId)) {
      throw ReconciliationException.badMatchRequest('fund and sponsor only apply when classifying as a donation');
    }
    if (dto.sponsor && dto.sponsorId) throw DonationsException.twoSponsors();
    return this.tx.run(async (m) => {
      await m.query(RECONCILIATION_LOCK);
      const line = await this.matches.lockLine(m, lineId);
      let donationId: string | null = null;
      if (dto.as === 'donation') {
        if (line.direction !== 'credit') throw ReconciliationException.conflict('reconciliation_not_a_credit', `Bank line ${lineId} is a debit; it cannot be a donation`);
        await this.refuseDouble(m, lineId);
        const fundId = await this.funds.idFor(m, dto.fund ?? 'general');
        let sponsorId = dto.sponsorId ?? null;
        if (sponsorId) await this.sponsors.find(m, sponsorId).catch(() => Promise.reject(DonationsException.unknownSponsor(sponsorId!)));
        if (dto.sponsor) sponsorId = (await this.sponsors.findOrCreate(m, dto.sponsor)).id;
        const recorded = await this.donations.record(m, {
          channel: 'bank',
          externalId: `bank-line:${lineId}`,
          amount: BigInt(line.amount),
          currency: line.currency,
          receivedAt: new Date(`${line.booked_on}T00:00:00Z`),
          sponsorId,
          fundId,
          note: dto.note,
          reference: (line.reference ?? line.description ?? '').slice(0, 500) || null,
          createdBy: actor.id,
        });
        if (!recorded.created) throw ReconciliationException.conflict('bank_line_already_donation', `Bank line ${lineId} is already donation ${recorded.id}`);
        donationId = recorded.id;
      }
      const [match] = await m.query(
        `INSERT INTO reconciliation_matches (kind, rule, state, source, bank_line_id, donation_id, amount, currency, on_date, note, actor_id)
         VALUES ($1, $2, 'matched', 'manual', $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
        [dto.as === 'donation' ? 'bank_donation' : 'not_donation', `classified_${dto.as}`, lineId, donationId, line.amount, line.currency, line.booked_on, dto.note, actor.id],
      );
      await this.matches.settle(m, match.id, lineId, donationId ? { column: 'donation_id', id: donationId } : null, 'classified');
      const item = await this.matches.find(m, match.id);
      await this.audit.record(
        m,
        actor,
        'bank_line.classify',
        'bank_line',
        lineId,
        { matchState: 'unmatched' },
        { matchState: 'classified', as: dto.as, donationId, note: dto.note },
      );
      return { bankLineId: lineId, matchState: 'classified', as: dto.as, donationId, match: item };
    });
  }

  /**
   * A credit that carries a donation someone already recorded by hand (rule
   * manual_donation_amount_date) must be matched to it, not turned into a second donation.
   * A genuinely separate gift of the same amount: record it, then match the line to it.
   */
  private async refuseDouble(m: EntityManager, lineId: string): Promise<void> {
    const found: { id: string; amount: string; currency: string; receivedOn: string; reference: string | null; sponsor: string | null }[] = await m.query(
      MANUAL_DONATIONS_FOR_LINE,
      [lineId, MANUAL_DONATION_WINDOW.before, MANUAL_DONATION_WINDOW.after],
    );
    if (found.length === 0) return;
    const named = found.map((d) => `${d.id} (${d.amount} ${d.currency} received ${d.receivedOn}${d.sponsor ? ` from ${d.sponsor}` : ''})`).join(', ');
    throw ReconciliationException.wouldDouble(
      `Bank line ${lineId} looks like the donation recorded by hand as ${named}: classifying it as a donation would count that gift twice. ` +
        `Match it instead: POST /api/v1/reconciliation/matches {bankLineId, donationId}`,
      found.map((d) => ({ donationId: d.id, amount: toSafeNumber(d.amount), currency: d.currency, receivedOn: d.receivedOn, reference: d.reference, sponsor: d.sponsor })),
    );
  }
}
