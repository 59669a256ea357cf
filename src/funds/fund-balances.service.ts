import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Env } from '../config/env.validation.js';
import { toSafeNumber } from '../common/money/money.js';
import { todayUtc } from '../common/util/months.js';
import { TransactionService } from '../database/transaction.service.js';
import { FundSummary, LedgerService } from '../ledger/ledger.service.js';
import { convertWith, StoredRate } from '../rates/rate-math.js';
import { RatesService } from '../rates/rates.service.js';
import { FundsException } from './funds.exception.js';
import { Fund, FundsService } from './funds.service.js';

type Field = 'balance' | 'incomeMonth' | 'incomeYear' | 'spentMonth' | 'spentYear';

/**
 * Funds with what they hold: per currency and in BASE_CURRENCY (at the latest recorded rate),
 * and their income and spending this month and this year, all summed from the ledger.
 */
@Injectable()
export class FundBalancesService {
  private readonly base: string;

  constructor(
    private readonly tx: TransactionService,
    private readonly funds: FundsService,
    private readonly ledger: LedgerService,
    private readonly rates: RatesService,
    config: ConfigService<Env, true>,
  ) {
    this.base = config.get('BASE_CURRENCY', { infer: true });
  }

  async list(now = new Date()) {
    const funds = await this.funds.list();
    const { summaries, rates } = await this.read(null, now);
    return funds.map((fund) =>
      this.view(
        fund,
        summaries.filter((s) => s.fundId === fund.id),
        rates,
      ),
    );
  }

  /** By id or by code. */
  async get(idOrCode: string, now = new Date()) {
    const fund = (await this.funds.list()).find((f) => f.id === idOrCode || f.code === idOrCode);
    if (!fund) throw FundsException.missing(idOrCode);
    const { summaries, rates } = await this.read(fund.id, now);
    return this.view(fund, summaries, rates);
  }

  private async read(fundId: string | null, now: Date) {
    const today = todayUtc(now);
    return this.tx.run(async (m) => ({
      summaries: await this.ledger.fundSummaries(m, { month: `${today.slice(0, 7)}-01`, year: `${today.slice(0, 4)}-01-01` }, fundId),
      rates: await this.rates.latest(m),
    }));
  }

  private view(fund: Fund, rows: FundSummary[], rates: Map<string, StoredRate>) {
    const unconverted = new Set<string>();
    const perCurrency = (field: Field) => rows.filter((r) => r[field] !== 0n).map((r) => ({ currency: r.currency, amount: toSafeNumber(r[field]) }));
    const inBase = (field: Field) => {
      let total = 0n;
      for (const r of rows) {
        const value = convertWith(rates, r[field], r.currency, this.base);
        if (value === null) unconverted.add(r.currency);
        else total += value;
      }
      return toSafeNumber(total);
    };
    return {
      ...fund,
      balances: perCurrency('balance'),
      baseCurrency: this.base,
      baseBalance: inBase('balance'),
      thisMonth: { income: perCurrency('incomeMonth'), spending: perCurrency('spentMonth'), baseIncome: inBase('incomeMonth'), baseSpending: inBase('spentMonth') },
      thisYear: { income: perCurrency('incomeYear'), spending: perCurrency('spentYear'), baseIncome: inBase('incomeYear'), baseSpending: inBase('spentYear') },
      // Currencies with no recorded rate to BASE_CURRENCY: left out of the base figures (record one with POST /api/v1/rates).
      unconverted: [...unconverted],
    };
  }
}
