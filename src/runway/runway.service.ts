import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Env } from '../config/env.validation.js';
import { toSafeNumber } from '../common/money/money.js';
import { addMonths, monthOf, todayUtc } from '../common/util/months.js';
import { TransactionService } from '../database/transaction.service.js';
import { FundsService } from '../funds/funds.service.js';
import { LedgerService } from '../ledger/ledger.service.js';
import { convertWith } from '../rates/rate-math.js';
import { RatesService } from '../rates/rates.service.js';
import { costInMonth } from '../roles/role-schedule.js';
import { RolesService, termsOf } from '../roles/roles.service.js';
import { activeSubscriptions, oneTimeMonths, patreonMonths } from './runway-income.query.js';
import { median, projectRunway, RoleCosts, RunwayResult } from './runway-math.js';

/** Months of one-time income whose median counts as expected one-time income per month. */
const TRAILING_MONTHS = 6;

interface FundFigures {
  balance: bigint;
  balances: { currency: string; amount: number }[];
  recurring: bigint;
  oneTime: bigint;
  /** What this month's roles cost in full (the projection's first month counts only what is still unpaid). */
  committed: bigint;
  roles: RoleCosts[];
  sources: {
    stripeSubscriptions: { id: string; lastDonationId: string; monthly: number }[];
    patreon: { month: string | null; monthly: number; donationIds: string[] };
    oneTime: { months: { month: string; amount: number; donations: number; donationIds: string[] }[]; median: number };
    roleIds: string[];
  };
}

/**
 * The board's runway (SPEC §7, §12): for each fund and in total, today's balance, expected
 * monthly income (recurring: active Stripe subscriptions and Patreon; one-time: the median of
 * the last six complete months), the committed costs of roles that are planned, being hired
 * or active, and a month-by-month projection. Everything is converted to BASE_CURRENCY at the
 * latest recorded rate; a currency without one is left out and named in `unconverted`.
 * `sources` names the donations, subscriptions and roles each figure came from.
 */
@Injectable()
export class RunwayService {
  private readonly base: string;

  constructor(
    private readonly tx: TransactionService,
    private readonly funds: FundsService,
    private readonly ledger: LedgerService,
    private readonly rates: RatesService,
    private readonly roles: RolesService,
    config: ConfigService<Env, true>,
  ) {
    this.base = config.get('BASE_CURRENCY', { infer: true });
  }

  async runway(months: number, now = new Date()) {
    const today = todayUtc(now);
    const first = monthOf(today);
    const unconverted = new Set<string>();
    const funds = await this.funds.list();
    const data = await this.tx.run(async (m) => {
      const subscriptions = await activeSubscriptions(m);
      return {
        rates: await this.rates.latest(m),
        summaries: await this.ledger.fundSummaries(m, { month: `${first}-01`, year: `${first.slice(0, 4)}-01-01` }),
        subscriptions,
        patreon: await patreonMonths(m, `${addMonths(first, -2)}-01`),
        oneTime: await oneTimeMonths(
          m,
          `${addMonths(first, -TRAILING_MONTHS)}-01`,
          `${first}-01`,
          subscriptions.map((s) => s.subscriptionId),
        ),
        roles: await this.roles.committed(m, `${first}-01`),
      };
    });
    const toBase = (amount: bigint, currency: string) => {
      const value = convertWith(data.rates, amount, currency, this.base);
      if (value === null) unconverted.add(currency);
      return value ?? 0n;
    };
    const trailing = Array.from({ length: TRAILING_MONTHS }, (_, i) => addMonths(first, i - TRAILING_MONTHS));

    const figures = new Map<string, FundFigures>();
    for (const fund of funds) {
      const summaries = data.summaries.filter((s) => s.fundId === fund.id && s.balance !== 0n);
      const subs = data.subscriptions.filter((s) => s.fundId === fund.id);
      const patreonMonth = data.patreon.filter((p) => p.fundId === fund.id).at(-1)?.month ?? null;
      const patreon = data.patreon.filter((p) => p.fundId === fund.id && p.month === patreonMonth);
      const patreonMonthly = patreon.reduce((sum, p) => sum + toBase(p.net, p.currency), 0n);
      const oneTime = trailing.map((month) => {
        const rows = data.oneTime.filter((o) => o.fundId === fund.id && o.month === month);
        const ids = rows.flatMap((r) => r.donationIds);
        return { month, amount: rows.reduce((sum, r) => sum + toBase(r.net, r.currency), 0n), donationIds: ids };
      });
      const oneTimeMedian = median(oneTime.map((o) => o.amount));
      const roles = data.roles.filter((r) => r.fund_id === fund.id);
      const subsBase = subs.map((s) => ({ id: s.subscriptionId, lastDonationId: s.donationId, monthly: toBase(s.net, s.currency) }));
      figures.set(fund.id, {
        balance: summaries.reduce((sum, s) => sum + toBase(s.balance, s.currency), 0n),
        balances: summaries.map((s) => ({ currency: s.currency, amount: toSafeNumber(s.balance) })),
        recurring: subsBase.reduce((sum, s) => sum + s.monthly, 0n) + patreonMonthly,
        oneTime: oneTimeMedian,
        committed: roles.reduce((sum, r) => sum + toBase(costInMonth(termsOf(r), first), r.currency), 0n),
        roles: roles.map((r) => ({
          id: r.id,
          startsOn: r.starts_on,
          endsOn: r.ends_on,
          costs: Array.from({ length: months }, (_, i) => {
            const cost = costInMonth(termsOf(r), addMonths(first, i));
            // This month: only what is still to be paid.
            const left = i === 0 ? cost - BigInt(r.paid_since) : cost;
            return toBase(left > 0n ? left : 0n, r.currency);
          }),
        })),
        sources: {
          stripeSubscriptions: subsBase.map((s) => ({ ...s, monthly: toSafeNumber(s.monthly) })),
          patreon: { month: patreonMonth, monthly: toSafeNumber(patreonMonthly), donationIds: patreon.flatMap((p) => p.donationIds) },
          oneTime: {
            months: oneTime.map((o) => ({ month: o.month, amount: toSafeNumber(o.amount), donations: o.donationIds.length, donationIds: o.donationIds })),
            median: toSafeNumber(oneTimeMedian),
          },
          roleIds: roles.map((r) => r.id),
        },
      });
    }

    const fundViews = funds.map((fund) => {
      const f = figures.get(fund.id)!;
      const result = projectRunway({ firstMonth: first, balance: f.balance, recurringMonthly: f.recurring, oneTimeMonthly: f.oneTime, roles: f.roles, months });
      return { fund, f, result };
    });
    const all = [...figures.values()];
    const total = projectRunway({
      firstMonth: first,
      balance: all.reduce((s, f) => s + f.balance, 0n),
      recurringMonthly: all.reduce((s, f) => s + f.recurring, 0n),
      oneTimeMonthly: all.reduce((s, f) => s + f.oneTime, 0n),
      roles: all.flatMap((f) => f.roles),
      months,
    });
    const fundedThrough = new Map(fundViews.flatMap(({ result }) => result.fundedThrough.map((r) => [r.id, r] as const)));
    const monthlyCost = (roleId: string) =>
      toSafeNumber(
        all
          .flatMap((f) => f.roles)
          .find((r) => r.id === roleId)!
          .costs.find((c) => c > 0n) ?? 0n,
      );

    return {
      baseCurrency: this.base,
      asOf: today,
      months,
      funds: fundViews.map(({ fund, f, result }) => ({
        code: fund.code,
        name: fund.name,
        restricted: fund.restricted,
        balance: toSafeNumber(f.balance),
        balances: f.balances,
        recurringMonthly: toSafeNumber(f.recurring),
        oneTimeMonthly: toSafeNumber(f.oneTime),
        committedMonthly: toSafeNumber(f.committed),
        ...summary(result),
        sources: f.sources,
      })),
      total: {
        balance: toSafeNumber(all.reduce((s, f) => s + f.balance, 0n)),
        recurringMonthly: toSafeNumber(all.reduce((s, f) => s + f.recurring, 0n)),
        oneTimeMonthly: toSafeNumber(all.reduce((s, f) => s + f.oneTime, 0n)),
        committedMonthly: toSafeNumber(all.reduce((s, f) => s + f.committed, 0n)),
        ...summary(total),
      },
      roles: data.roles.map((r) => ({
        id: r.id,
        title: r.title,
        kind: r.kind,
        status: r.status,
        fund: r.fund,
        startsOn: r.starts_on,
        endsOn: r.ends_on,
        // In BASE_CURRENCY: what a month of it costs (the first month it costs anything).
        monthlyCost: monthlyCost(r.id),
        fundedThrough: fundedThrough.get(r.id)?.fundedThrough ?? null,
        beyondHorizon: fundedThrough.get(r.id)?.beyondHorizon ?? false,
      })),
      unconverted: [...unconverted].sort(),
    };
  }
}

/** Projection figures shared by a fund and the total, as numbers of BASE_CURRENCY minor units. */
function summary(result: RunwayResult) {
  return {
    monthsOfRunway: result.monthsOfRunway,
    runsOutIn: result.runsOutIn,
    projection: result.projection.map((p) => ({ month: p.month, income: toSafeNumber(p.income), committed: toSafeNumber(p.committed), balance: toSafeNumber(p.balance) })),
  };
}
