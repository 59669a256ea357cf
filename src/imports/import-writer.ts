import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { RowProblem } from './imports.exception.js';
import type { CanonicalRecord, ParsedRow } from './parsing/row.js';

export const MAX_REPORTED_ERRORS = 1000;

export interface WriterTotals {
  rows: number;
  created: number;
  duplicates: number;
  errorCount: number;
  /** The first MAX_REPORTED_ERRORS bad rows; all of them are in `import_rows`. */
  errors: RowProblem[];
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Writes an import's rows in batches inside the caller's transaction. Each batch is one
 * statement: the raw rows go in with `ON CONFLICT (source_key, row_hash) DO NOTHING`, and only
 * the rows that went in become canonical records, so an already imported transaction is counted
 * as a duplicate and never doubled.
 */
export class ImportWriter {
  private batch: ParsedRow[] = [];
  private seq = 0;
  /** Occurrences of each repeatable identity in this file, keyed by its digest. */
  private readonly occurrences = new Map<string, number>();
  readonly totals: WriterTotals = { rows: 0, created: 0, duplicates: 0, errorCount: 0, errors: [] };

  constructor(
    private readonly m: EntityManager,
    private readonly importId: string,
    private readonly batchSize = 2000,
  ) {}

  async add(row: ParsedRow): Promise<void> {
    this.batch.push(row);
    if (this.batch.length >= this.batchSize) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.batch.length === 0) return;
    const rows = this.batch;
    this.batch = [];
    const n = rows.length;
    const cols = {
      seq: new Array<number>(n),
      line: new Array<number>(n),
      sourceKey: new Array<string | null>(n),
      rowHash: new Array<string | null>(n),
      raw: new Array<string>(n),
      error: new Array<string | null>(n),
      date: new Array<string | null>(n),
      amount: new Array<string | null>(n),
      currency: new Array<string | null>(n),
      direction: new Array<string | null>(n),
      description: new Array<string | null>(n),
      reference: new Array<string | null>(n),
      counterparty: new Array<string | null>(n),
      externalId: new Array<string | null>(n),
      record: new Array<string | null>(n),
    };
    let good = 0;
    let bad = 0;
    rows.forEach((row, i) => {
      cols.seq[i] = ++this.seq;
      cols.line[i] = row.line;
      cols.raw[i] = JSON.stringify(row.raw, (_key, value) => (typeof value === 'bigint' ? value.toString() : value));
      if (!row.ok) {
        bad++;
        this.totals.errorCount++;
        if (this.totals.errors.length < MAX_REPORTED_ERRORS) this.totals.errors.push({ line: row.line, message: row.message });
        cols.sourceKey[i] = 'error';
        cols.error[i] = row.message;
        cols.rowHash[i] = cols.date[i] = cols.amount[i] = cols.currency[i] = cols.direction[i] = null;
        cols.description[i] = cols.reference[i] = cols.counterparty[i] = cols.externalId[i] = cols.record[i] = null;
        return;
      }
      good++;
      const f = row.fields;
      cols.sourceKey[i] = row.sourceKey;
      cols.rowHash[i] = this.rowHash(row.sourceKey, row.identity, row.repeatable);
      cols.error[i] = null;
      cols.date[i] = f.date;
      cols.amount[i] = f.amount === null ? null : f.amount.toString();
      cols.currency[i] = f.currency;
      cols.direction[i] = f.direction;
      cols.description[i] = f.description;
      cols.reference[i] = f.reference;
      cols.counterparty[i] = f.counterparty;
      cols.externalId[i] = f.externalId;
      cols.record[i] = row.record ? recordJson(row.record) : null;
    });
    const [{ inserted }] = await this.m.query(BATCH_SQL, [
      this.importId,
      cols.seq,
      cols.line,
      cols.sourceKey,
      cols.rowHash,
      cols.raw,
      cols.error,
      cols.date,
      cols.amount,
      cols.currency,
      cols.direction,
      cols.description,
      cols.reference,
      cols.counterparty,
      cols.externalId,
      cols.record,
    ]);
    const created = Number(inserted) - bad;
    this.totals.rows += n;
    this.totals.created += created;
    this.totals.duplicates += good - created;
  }

  /**
   * The hash is over what makes two rows the same transaction, never over the file, so the
   * same booking in two overlapping statements hashes alike. Identical rows within one file
   * (two equal transfers on one day) are told apart by their occurrence: the second is #1.
   */
  private rowHash(sourceKey: string, identity: readonly unknown[], repeatable: boolean): string {
    const key = `${sourceKey}\n${JSON.stringify(identity)}`;
    if (!repeatable) return sha256(key);
    const digest = createHash('sha256').update(key).digest('base64');
    const occurrence = this.occurrences.get(digest) ?? 0;
    this.occurrences.set(digest, occurrence + 1);
    return sha256(`${key}\n#${occurrence}`);
  }
}

function recordJson(record: CanonicalRecord): string {
  return JSON.stringify(record, (_key, value) => (typeof value === 'bigint' ? value.toString() : value));
}

const BATCH_SQL = `
WITH input AS (
  SELECT * FROM unnest($2::int[], $3::int[], $4::text[], $5::text[], $6::jsonb[], $7::text[], $8::date[], $9::bigint[],
                       $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::jsonb[])
    AS t(seq, line, source_key, row_hash, raw, error, date, amount, currency, direction, description, reference, counterparty, external_id, record)
),
ins AS (
  INSERT INTO import_rows (import_id, seq, line, source_key, row_hash, raw, status, error, date, amount, currency, direction,
                           description, reference, counterparty, external_id)
  SELECT $1, seq, line, source_key, row_hash, raw, CASE WHEN error IS NULL THEN 'ok' ELSE 'error' END, error, date, amount, currency,
         direction, description, reference, counterparty, external_id
  FROM input
  ON CONFLICT ON CONSTRAINT import_rows_source_hash_key DO NOTHING
  RETURNING id, seq
),
created AS (
  SELECT ins.id, input.record FROM ins JOIN input USING (seq) WHERE input.record IS NOT NULL
),
bank AS (
  INSERT INTO bank_lines (import_row_id, account, booked_on, value_on, amount, currency, direction, reversal, reference, bank_reference,
                          description, counterparty, counterparty_account)
  SELECT id, record->>'account', (record->>'bookedOn')::date, (record->>'valueOn')::date, (record->>'amount')::bigint, record->>'currency',
         record->>'direction', (record->>'reversal')::boolean, record->>'reference', record->>'bankReference', record->>'description',
         record->>'counterparty', record->>'counterpartyAccount'
  FROM created WHERE record->>'type' = 'bank'
  RETURNING 1
),
payout AS (
  INSERT INTO provider_payouts (import_row_id, provider, external_id, period_start, period_end, gross, fees, net, currency, paid_on, status)
  SELECT id, record->>'provider', record->>'externalId', (record->>'periodStart')::date, (record->>'periodEnd')::date,
         (record->>'gross')::bigint, (record->>'fees')::bigint, (record->>'net')::bigint, record->>'currency', (record->>'paidOn')::date,
         record->>'status'
  FROM created WHERE record->>'type' = 'payout'
  RETURNING 1
),
income AS (
  INSERT INTO provider_income (import_row_id, provider, external_id, member_id, name, email, amount, currency, charged_on, tier, charge_frequency)
  SELECT id, record->>'provider', record->>'externalId', record->>'memberId', record->>'name', record->>'email', (record->>'amount')::bigint,
         record->>'currency', (record->>'chargedOn')::date, record->>'tier', record->>'chargeFrequency'
  FROM created WHERE record->>'type' = 'income'
  RETURNING 1
)
SELECT count(*)::int AS inserted FROM ins`;
