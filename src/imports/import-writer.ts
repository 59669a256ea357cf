import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { sha256Hex } from '../common/util/stable-json.js';
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


/**
 * Writes an import's rows in batches inside the caller's transaction. Each batch is one
 * statement: the raw rows go in with `ON CONFLICT (source_key, row_hash) DO NOTHING`, and only
 * the rows that went in become canonical records, so an already imported transaction is counted
 * as a duplicate and never doubled.
 */
export class ImportWriter {
  private batch: ParsedRow[] = [];
  private inflight?: Promise<void>;
  private failure: unknown;
  private seq = 0;
  /** Occurrences of each repeatable identity in this file, keyed by its digest. */
  private readonly occurrences = new Map<string, number>();
  readonly totals: WriterTotals = { rows: 0, created: 0, duplicates: 0, errorCount: 0, errors: [] };

  constructor(
    private readonly m: EntityManager,
    private readonly importId: string,
    private readonly batchSize = 2000,
  ) {}

  async add(rows: ParsedRow[]): Promise<void> {
    for (const row of rows) this.batch.push(row);
    if (this.batch.length >= this.batchSize) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.batch.length === 0) return;
    const rows = this.batch;
    this.batch = [];
    let good = 0;
    let bad = 0;
    // One JSON document per batch, unpacked by json_to_recordset: far cheaper than a parameter
    // array per column, whose element-by-element escaping dominated the import's time.
    const input = rows.map((row) => {
      const seq = ++this.seq;
      if (!row.ok) {
        bad++;
        this.totals.errorCount++;
        if (this.totals.errors.length < MAX_REPORTED_ERRORS) this.totals.errors.push({ line: row.line, message: row.message });
        return { seq, line: row.line, source_key: 'error', raw: row.raw, error: row.message };
      }
      good++;
      const f = row.fields;
      return {
        seq,
        line: row.line,
        source_key: row.sourceKey,
        row_hash: this.rowHash(row.sourceKey, row.identity, row.repeatable),
        raw: row.raw,
        date: f.date,
        amount: f.amount === null ? null : f.amount.toString(),
        currency: f.currency,
        direction: f.direction,
        description: f.description,
        reference: f.reference,
        counterparty: f.counterparty,
        external_id: f.externalId,
        record: row.record ? recordJson(row.record) : null,
      };
    });
    const json = JSON.stringify(input);
    // One batch in flight while the next is parsed: the database and the parser work at once.
    // Batches still run one after another, so a later one sees the rows of the earlier ones.
    await this.settle();
    this.inflight = this.m.query(BATCH_SQL, [this.importId, json]).then(
      ([{ inserted }]: { inserted: number }[]) => {
        const created = Number(inserted) - bad;
        this.totals.rows += rows.length;
        this.totals.created += created;
        this.totals.duplicates += good - created;
      },
      (error: unknown) => {
        this.failure = error;
      },
    );
  }

  /** Writes what is left and waits for it; the totals are final afterwards. */
  async finish(): Promise<WriterTotals> {
    await this.flush();
    await this.settle();
    return this.totals;
  }

  private async settle(): Promise<void> {
    await this.inflight;
    this.inflight = undefined;
    if (this.failure) throw this.failure;
  }

  /**
   * The hash is over what makes two rows the same transaction, never over the file, so the
   * same booking in two overlapping statements hashes alike. Identical rows within one file
   * (two equal transfers on one day) are told apart by their occurrence: the second is #1.
   */
  private rowHash(sourceKey: string, identity: readonly unknown[], repeatable: boolean): string {
    const key = `${sourceKey}\n${JSON.stringify(identity)}`;
    if (!repeatable) return sha256Hex(key);
    const digest = createHash('sha256').update(key).digest('base64');
    const occurrence = this.occurrences.get(digest) ?? 0;
    this.occurrences.set(digest, occurrence + 1);
    return sha256Hex(`${key}\n#${occurrence}`);
  }
}

/** The record with its bigints as strings, ready for JSON (no replacer: it would run per value). */
function recordJson(record: CanonicalRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) out[key] = typeof value === 'bigint' ? value.toString() : value;
  return out;
}

const BATCH_SQL = `
WITH input AS MATERIALIZED (
  SELECT * FROM jsonb_to_recordset($2::jsonb)
    AS t(seq int, line int, source_key text, row_hash text, raw jsonb, error text, date date, amount bigint, currency text, direction text,
         description text, reference text, counterparty text, external_id text, record jsonb)
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
