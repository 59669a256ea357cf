import { Injectable } from '@nestjs/common';
import { TransactionService } from '../database/transaction.service.js';
import { FundsService } from '../funds/funds.service.js';
import { ImportProfilesService } from '../imports/import-profiles.service.js';
import { PeriodsService } from '../periods/periods.service.js';
import { MatchCandidatesService } from '../reconciliation/match-candidates.service.js';
import { ReconciliationRunService } from '../reconciliation/reconciliation-run.service.js';
import { unmatchedCredits, type MonthViewInput } from './month-view.js';

/**
 * What the month page shows besides `GET /periods/:month`: the latest reconciliation run, the
 * import profiles' names and, only when the match-by-hand form is shown (an unmatched credit),
 * what it could be matched to. Read in the period's own transaction, so the page takes one
 * connection from the pool as its endpoint does, not one per source; the fund list stays outside
 * it (FundsService keeps the list only for reads outside a transaction).
 */
@Injectable()
export class MonthPageService {
  constructor(
    private readonly tx: TransactionService,
    private readonly periods: PeriodsService,
    private readonly runs: ReconciliationRunService,
    private readonly profiles: ImportProfilesService,
    private readonly funds: FundsService,
    private readonly candidates: MatchCandidatesService,
  ) {}

  async read(month: string, first: string, last: string): Promise<Omit<MonthViewInput, 'month' | 'kinds' | 'state' | 'csrf'>> {
    const [funds, rest] = await Promise.all([
      this.funds.list(),
      this.tx.run(async () => {
        // One after the other: a connection runs one statement at a time (pg refuses to queue them).
        const period: MonthViewInput['period'] = await this.periods.get(month);
        const run = (await this.runs.latestFor(first, last)) as MonthViewInput['run'];
        const profiles = await this.profiles.names();
        const candidates = unmatchedCredits(period.openItems).length ? await this.candidates.forMonth(first, last) : [];
        return { period, run, profiles, candidates };
      }),
    ]);
    return { ...rest, funds };
  }
}
