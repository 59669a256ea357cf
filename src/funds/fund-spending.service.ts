import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EntityManager } from 'typeorm';
import type { Env } from '../config/env.validation.js';
import { Accounts } from '../ledger/accounts.js';
import { LedgerService } from '../ledger/ledger.service.js';
import { CHANNELS } from '../donations/donations.dto.js';
import { RatesService } from '../rates/rates.service.js';
import { shortfall } from './fund-shortfall.js';
import { FundsException } from './funds.exception.js';

const HOLDING_ACCOUNTS = new Set<string>(CHANNELS.map((channel) => Accounts.holding(channel)));

export interface Spending {
  fundId: string;
  /** The expense account debited (expenses:roles:staff, expenses:hosting…). */
  account: string;
  /** The asset account the money leaves (assets:bank unless said otherwise). */
  paidFrom: string;
  currency: string;
  /** Minor units, positive. */
  amount: bigint;
  key: string;
  kind: string;
  effectiveDate: string;
  description: string;
  postedBy: string | null;
}

/**
 * Money leaving a fund. Every payment out (role payments, expenses, stipends, transfers out)
 * comes through here, so a restricted fund cannot be spent below zero by any of them.
 *
 * Race-safe: the fund's row is locked (FOR NO KEY UPDATE, which does not block donations'
 * foreign-key checks) in the posting transaction before its balance is read, so two payments
 * from one fund queue and the second sees the first's postings.
 */
@Injectable()
export class FundSpendingService {
  private readonly base: string;

  constructor(
    private readonly ledger: LedgerService,
    private readonly rates: RatesService,
    config: ConfigService<Env, true>,
  ) {
    this.base = config.get('BASE_CURRENCY', { infer: true });
  }

  /** Posts Dr account · Cr paidFrom tagged with the fund; returns the entry id (null: key already posted). */
  async spend(m: EntityManager, s: Spending): Promise<string | null> {
    await this.assertKnownAccount(m, s.paidFrom);
    await this.guard(m, s.fundId, s.currency, s.amount);
    return this.ledger.post(m, {
      key: s.key,
      kind: s.kind,
      effectiveDate: s.effectiveDate,
      description: s.description,
      postedBy: s.postedBy,
      postings: [
        { account: s.account, fundId: s.fundId, currency: s.currency, amount: s.amount },
        { account: s.paidFrom, fundId: s.fundId, currency: s.currency, amount: -s.amount },
      ],
    });
  }

  /** Locks the fund and refuses (409) spending that would take a restricted fund below zero. */
  async guard(m: EntityManager, fundId: string, currency: string, amount: bigint): Promise<void> {
    const fund = await this.lock(m, fundId);
    if (!fund.restricted) return;
    const missing = await this.shortfall(m, fundId, currency, amount);
    if (missing) throw FundsException.restricted(fund.code, { amount, currency }, missing);
  }

  /**
   * Locks the source of a transfer and refuses (409) moving more than it holds, restricted or
   * not. An unrestricted fund may run a deficit through spending that really happened, but a
   * transfer out of money it does not hold would fill the other fund with money that does not
   * exist, and a restricted fund could then spend it past its guard.
   */
  async guardTransfer(m: EntityManager, fundId: string, currency: string, amount: bigint): Promise<void> {
    const fund = await this.lock(m, fundId);
    const missing = await this.shortfall(m, fundId, currency, amount);
    if (missing)
      throw fund.restricted ? FundsException.restricted(fund.code, { amount, currency }, missing) : FundsException.transferShortfall(fund.code, { amount, currency }, missing);
  }

  /**
   * Money leaves an asset account the books already know: a channel's holding account
   * (assets:bank, assets:stripe…) or one that has postings. A typo ("assets:bnak") would
   * otherwise open a new account with a negative balance, silently (400 naming paidFrom).
   */
  private async assertKnownAccount(m: EntityManager, account: string): Promise<void> {
    if (HOLDING_ACCOUNTS.has(account)) return;
    const [{ known }]: { known: boolean }[] = await m.query(`SELECT EXISTS (SELECT 1 FROM postings WHERE account = $1) AS known`, [account]);
    if (!known) throw FundsException.unknownAccount(account, [...HOLDING_ACCOUNTS]);
  }

  private async lock(m: EntityManager, fundId: string): Promise<{ code: string; restricted: boolean }> {
    const [fund]: { code: string; restricted: boolean }[] = await m.query(`SELECT code, restricted FROM funds WHERE id = $1 FOR NO KEY UPDATE`, [fundId]);
    return fund;
  }

  private async shortfall(m: EntityManager, fundId: string, currency: string, amount: bigint) {
    return shortfall(await this.ledger.fundBalances(m, fundId), currency, amount, await this.rates.latest(m), this.base);
  }
}
