import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { TransactionService } from '../database/transaction.service.js';
import type { Actor } from '../users/role.js';
import { StoredRate } from './rate-math.js';
import { RecordRateDto } from './rates.dto.js';
import { RatesException } from './rates.exception.js';

const COLUMNS = `currency::text AS "from", base::text AS "to", rate::text AS rate, to_char(as_of, 'YYYY-MM-DD') AS "asOf"`;

/**
 * Exchange rates (table `exchange_rates`, read by the ledger when it posts). A rate is a
 * decimal kept exactly; recording the same pair and day again replaces it (a typo fixed),
 * which never changes a posted entry: postings keep the rate they were posted with.
 */
@Injectable()
export class RatesService {
  constructor(
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
  ) {}

  record(dto: RecordRateDto, actor: Actor): Promise<StoredRate> {
    if (dto.from === dto.to) throw RatesException.sameCurrency(dto.from);
    return this.tx.run(async (m) => {
      const [before] = await m.query<StoredRate[]>(`SELECT ${COLUMNS} FROM exchange_rates WHERE currency = $1 AND base = $2 AND as_of = $3 FOR UPDATE`, [
        dto.from,
        dto.to,
        dto.date,
      ]);
      const [after] = await m.query<StoredRate[]>(
        `INSERT INTO exchange_rates (currency, base, as_of, rate) VALUES ($1, $2, $3, $4::numeric)
         ON CONFLICT (currency, base, as_of) DO UPDATE SET rate = EXCLUDED.rate RETURNING ${COLUMNS}`,
        [dto.from, dto.to, dto.date, dto.rate],
      );
      await this.audit.record(m, actor, before ? 'rate.replace' : 'rate.record', 'exchange_rate', `${dto.from}>${dto.to}@${dto.date}`, before ?? null, after);
      return { ...after, rate: trimRate(after.rate) };
    });
  }

  async list(currency?: string): Promise<StoredRate[]> {
    const rows: StoredRate[] = await this.tx.manager.query(
      `SELECT ${COLUMNS} FROM exchange_rates WHERE $1::text IS NULL OR currency = $1 OR base = $1 ORDER BY as_of DESC, currency, base LIMIT 200`,
      [currency ?? null],
    );
    return rows.map((r) => ({ ...r, rate: trimRate(r.rate) }));
  }

  /** The latest rate of every pair, keyed `FROM>TO`, for converting with `convertWith`. */
  async latest(m: EntityManager = this.tx.manager): Promise<Map<string, StoredRate>> {
    const rows: StoredRate[] = await m.query(`SELECT DISTINCT ON (currency, base) ${COLUMNS} FROM exchange_rates ORDER BY currency, base, as_of DESC`);
    return new Map(rows.map((r) => [`${r.from}>${r.to}`, { ...r, rate: trimRate(r.rate) }]));
  }
}

/** numeric(30,12) answers "0.920000000000"; the recorded "0.92" is the same number. */
function trimRate(rate: string): string {
  return rate.includes('.') ? rate.replace(/0+$/, '').replace(/\.$/, '') : rate;
}
