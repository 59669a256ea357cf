import { Injectable } from '@nestjs/common';
import { EntityManager, QueryFailedError } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { jsonAmount } from '../common/money/money.js';
import { CachedTotals } from '../common/pagination/list-total.js';
import { Page } from '../common/pagination/pagination.dto.js';
import { TransactionService } from '../database/transaction.service.js';
import { FundsService } from '../funds/funds.service.js';
import type { Channel } from '../ledger/accounts.js';
import { donationReceived } from '../ledger/journal-shapes.js';
import { LedgerService } from '../ledger/ledger.service.js';
import { SponsorFacts, SponsorsService } from '../sponsors/sponsors.service.js';
import type { Actor } from '../users/role.js';
import { CRYPTO_ASSETS, normaliseTxHash } from './crypto-assets.js';
import { CreateDonationDto, DonationsQuery } from './donations.dto.js';
import { DonationsException } from './donations.exception.js';
import { DONATION_COLUMNS, DONATION_SELECT, Donation, DonationRow, toDonation } from './donation.view.js';
import { decodeCursor, encodeCursor } from './donation-cursor.js';
import { ReceiptService } from './receipt.service.js';
import { countedDonation } from './counted.js';

/** Everything needed to record a donation from any channel (manual, Stripe, imports). */
export interface DonationInput {
  channel: Channel;
  /** The channel's own id; unique per channel, so recording it twice returns the first. */
  externalId?: string | null;
  amount: bigint;
  fee?: bigint;
  /** Gross is known but the fee is not yet (Stripe without a balance transaction). */
  feePending?: boolean;
  currency: string;
  receivedAt: Date;
  sponsorId?: string | null;
  fundId: string;
  recurring?: boolean;
  subscriptionId?: string | null;
  reference?: string | null;
  note?: string | null;
  anonymous?: boolean;
  paymentIntent?: string | null;
  balanceTransaction?: string | null;
  /** What the caller already knows of the sponsor (saves a read when queueing the receipt). */
  sponsor?: SponsorFacts | null;
  /** Rate to BASE_CURRENCY for the entry; default: recorded exchange rates. */
  rateToBase?: string | null;
  /** A crypto gift's coin side (the amount above is its fiat valuation, which is what is posted). */
  crypto?: { asset: string; amount: string; txHash: string } | null;
  createdBy?: string | null;
}

/**
 * Donations and their booking. `record(m, input)` is the reusable core: it inserts the
 * donation under its (channel, external id) key, posts its journal entry and queues the
 * receipt, all in the caller's transaction — so an import, a webhook or a treasurer recording
 * the same money twice gets the first donation back, with nothing posted or mailed again.
 */
/** SPEC §3's list shape, plus whether the total is exact and the keyset cursor of the next page. */
export interface DonationPage extends Page<Donation> {
  totalIsEstimate: boolean;
  /** Pass as `after` for the next page; null on the last one. */
  next: string | null;
}

@Injectable()
export class DonationsService {
  private readonly totals = new CachedTotals('donations d');

  constructor(
    private readonly tx: TransactionService,
    private readonly ledger: LedgerService,
    private readonly funds: FundsService,
    private readonly sponsors: SponsorsService,
    private readonly receipts: ReceiptService,
    private readonly audit: AuditService,
  ) {}

  async record(m: EntityManager, input: DonationInput): Promise<{ id: string; created: boolean }> {
    const fee = input.fee ?? 0n;
    if (fee > input.amount) throw DonationsException.feeAboveAmount();
    const postings = donationReceived({ channel: input.channel, fundId: input.fundId, currency: input.currency, amount: input.amount, fee });
    for (const p of postings) p.rate = input.rateToBase ?? null;
    const donation = [
      input.channel,
      input.externalId ?? null,
      input.amount.toString(),
      fee.toString(),
      input.feePending ?? false,
      input.currency,
      input.receivedAt,
      input.sponsorId ?? null,
      input.fundId,
      input.recurring ?? false,
      input.subscriptionId ?? null,
      input.reference ?? null,
      input.note ?? null,
      input.anonymous ?? false,
      input.paymentIntent ?? null,
      input.balanceTransaction ?? null,
      input.createdBy ?? null,
      input.crypto?.asset ?? null,
      input.crypto?.amount ?? null,
      input.crypto?.txHash ?? null,
    ];
    // The donation and its journal entry in one statement: no entry without its donation, and
    // a repeat (same channel + external id) inserts neither.
    const entry = this.ledger.entryCte(
      {
        kind: 'donation',
        effectiveDate: input.receivedAt.toISOString().slice(0, 10),
        description: `Donation via ${input.channel}${input.reference ? ` (${input.reference})` : ''}`,
        postedBy: input.createdBy ?? null,
        postings,
      },
      donation.length + 1,
      { from: 'd', keySql: `'donation:' || d.id`, donationIdSql: 'd.id' },
    );
    const rows: { id: string }[] = await m.query(
      `WITH d AS (
         INSERT INTO donations (channel, external_id, amount, fee, fee_pending, currency, received_at, sponsor_id, fund_id, recurring,
           subscription_id, reference, note, anonymous, payment_intent, balance_transaction, created_by, crypto_asset, crypto_amount, crypto_tx_hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19::numeric, $20)
         ON CONFLICT (channel, external_id) WHERE external_id IS NOT NULL DO NOTHING RETURNING id),
       ${entry.sql}
       SELECT id FROM d`,
      [...donation, ...entry.params],
    );
    if (rows.length === 0) {
      // The same external id was recorded before (or by a concurrent transaction that just
      // committed: a fresh statement sees it).
      const [existing] = await m.query(`SELECT id FROM donations WHERE channel = $1 AND external_id = $2`, [input.channel, input.externalId]);
      return { id: existing.id, created: false };
    }
    const id = rows[0].id;
    if (input.sponsorId) {
      const facts = input.sponsor?.id === input.sponsorId ? input.sponsor : undefined;
      const fund = this.funds.cachedFund(input.fundId);
      await this.receipts.queue(m, id, facts && fund ? { ...input, sponsor: facts, fund } : undefined);
    }
    return { id, created: true };
  }

  /** `POST /api/v1/donations`: a bank transfer, crypto payment, cheque (`other`), Patreon or merch payout line. */
  async createManual(dto: CreateDonationDto, actor: Actor): Promise<Donation> {
    if (dto.sponsorId && dto.sponsor) throw DonationsException.twoSponsors();
    const crypto = cryptoGift(dto);
    if ((dto.fee ?? 0) > dto.amount) throw DonationsException.feeAboveAmount();
    const receivedAt = new Date(dto.receivedAt);
    if (Number.isNaN(receivedAt.getTime())) throw DonationsException.badDate();
    if (receivedAt.getTime() > Date.now() + 24 * 3600_000) throw DonationsException.future();
    const externalId = dto.externalId ?? (crypto ? `${crypto.asset}:${crypto.txHash}` : null);
    try {
      return await this.tx.run((m) => this.insertManual(m, dto, { externalId, crypto }, receivedAt, actor));
    } catch (error) {
      if (crypto && error instanceof QueryFailedError && (error.driverError as { constraint?: string }).constraint === 'donations_crypto_tx_key') {
        throw DonationsException.duplicateTx(crypto.asset, crypto.txHash);
      }
      throw error;
    }
  }

  private async insertManual(
    m: EntityManager,
    dto: CreateDonationDto,
    extra: { externalId: string | null; crypto: DonationInput['crypto'] },
    receivedAt: Date,
    actor: Actor,
  ): Promise<Donation> {
    const fundId = await this.funds.idFor(m, dto.fund ?? 'general');
    let sponsorId = dto.sponsorId ?? null;
    if (sponsorId) await this.sponsors.find(m, sponsorId).catch(() => Promise.reject(DonationsException.unknownSponsor(sponsorId!)));
    if (dto.sponsor) sponsorId = (await this.sponsors.findOrCreate(m, dto.sponsor)).id;
    const { id, created } = await this.record(m, {
      channel: dto.channel,
      externalId: extra.externalId,
      crypto: extra.crypto,
      amount: BigInt(dto.amount),
      fee: BigInt(dto.fee ?? 0),
      currency: dto.currency,
      receivedAt,
      sponsorId,
      fundId,
      recurring: dto.recurring ?? false,
      reference: dto.reference ?? null,
      note: dto.note ?? null,
      anonymous: dto.anonymous ?? false,
      rateToBase: dto.rateToBase ?? null,
      createdBy: actor.id,
    });
    if (!created) {
      if (extra.crypto && !dto.externalId) throw DonationsException.duplicateTx(extra.crypto.asset, extra.crypto.txHash);
      throw DonationsException.duplicateExternalId(dto.channel, extra.externalId!);
    }
    const donation = await this.find(m, id);
    await this.audit.record(m, actor, 'donation.create', 'donation', id, null, donation);
    return donation;
  }

  async find(m: EntityManager, id: string): Promise<Donation> {
    const [row] = await m.query(`${DONATION_SELECT} WHERE d.id = $1`, [id]);
    if (!row) throw DonationsException.notFound(id);
    return toDonation(row);
  }

  get(id: string): Promise<Donation> {
    return this.find(this.tx.manager, id);
  }

  /**
   * `GET /donations`: newest first. `page` pages with OFFSET; `after` (the `next` of the previous
   * answer) pages by keyset, as fast on the last page as on the first. Above EXACT_TOTAL_UP_TO
   * matching rows the total is reused for a short while (`totalIsEstimate: true`).
   */
  async list(q: DonationsQuery): Promise<DonationPage> {
    const { where, params } = donationFilter(q);
    const m = this.tx.manager;
    const after = q.after ? decodeCursor(q.after) : null;
    const keyset = after ? ` AND (d.received_at, d.id) < ($${params.length + 1}::timestamptz, $${params.length + 2}::uuid)` : '';
    const pageParams = after ? [...params, after.at, after.id, q.limit] : [...params, q.offset, q.limit];
    // One after the other: on the embedded database (and inside a transaction) both would share one connection.
    const rows: (DonationRow & { cursorAt: string })[] = await m.query(
      `SELECT ${DONATION_COLUMNS}, d.received_at::text AS "cursorAt" FROM donations d WHERE ${where}${keyset}
       ORDER BY d.received_at DESC, d.id DESC ${after ? '' : `OFFSET $${pageParams.length - 1} `}LIMIT $${pageParams.length}`,
      pageParams,
    );
    const counted = await this.totals.total(m, where, params);
    const last = rows.length === q.limit ? rows[rows.length - 1] : undefined;
    const items = rows.map(({ cursorAt: _, ...row }) => toDonation(row));
    return { items, total: counted.total, totalIsEstimate: counted.totalIsEstimate, page: q.page, limit: q.limit, next: last ? encodeCursor(last.cursorAt, last.id) : null };
  }

  /** Sum of what a sponsor gave, per currency (for callers that need a number, not a page). */
  async totalsFor(m: EntityManager, sponsorId: string): Promise<{ currency: string; amount: number }[]> {
    const rows = await m.query(`SELECT currency, sum(amount - refunded_amount)::text AS amount FROM donations WHERE sponsor_id = $1 AND ${countedDonation()} GROUP BY currency`, [
      sponsorId,
    ]);
    return rows.map((r: { currency: string; amount: string }) => ({ currency: r.currency, amount: jsonAmount(r.amount) }));
  }
}

/** The coin side of a manual crypto gift, checked against its asset (the DTO checked the shapes). */
function cryptoGift(dto: CreateDonationDto): DonationInput['crypto'] {
  if (!dto.crypto) return null;
  if (dto.channel !== 'crypto') throw DonationsException.cryptoOnOtherChannel(dto.channel);
  const txHash = normaliseTxHash(CRYPTO_ASSETS[dto.crypto.asset], dto.crypto.txHash);
  if (!txHash) throw DonationsException.badTxHash(dto.crypto.asset);
  return { asset: dto.crypto.asset, amount: dto.crypto.amount, txHash };
}

/** The WHERE clause of the donation list; shared with the benchmark's baseline so both run the same SQL. */
export function donationFilter(q: Partial<DonationsQuery>): { where: string; params: unknown[] } {
  const params: unknown[] = [];
  const parts: string[] = [];
  const add = (sql: (n: string) => string, value: unknown) => {
    params.push(value);
    parts.push(sql(`$${params.length}`));
  };
  if (q.channel) add((p) => `d.channel = ${p}`, q.channel);
  if (q.status) add((p) => `d.status = ${p}`, q.status);
  if (q.fund) add((p) => `d.fund_id = (SELECT id FROM funds WHERE code = ${p})`, q.fund);
  if (q.sponsorId) add((p) => `d.sponsor_id = ${p}`, q.sponsorId);
  if (q.from) {
    if (/^\d{4}-\d{2}-\d{2}$/.test(q.from)) add((p) => `d.received_at >= ${p}::date::timestamp AT TIME ZONE 'UTC'`, q.from);
    else add((p) => `d.received_at >= ${p}::timestamptz`, q.from);
  }
  if (q.to) {
    // A bare date means the whole day (UTC).
    if (/^\d{4}-\d{2}-\d{2}$/.test(q.to)) add((p) => `d.received_at < (${p}::date + 1)::timestamp AT TIME ZONE 'UTC'`, q.to);
    else add((p) => `d.received_at <= ${p}::timestamptz`, q.to);
  }
  if (q.reconciled !== undefined) parts.push(q.reconciled ? `d.reconciled_at IS NOT NULL` : `d.reconciled_at IS NULL`);
  return { where: parts.length ? parts.join(' AND ') : 'true', params };
}
