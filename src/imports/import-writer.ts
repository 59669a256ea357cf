import { createHash } from 'node:crypto';
import { once } from 'node:events';
import type { PoolClient } from 'pg';
import { from as copyFrom, type CopyStreamQuery } from 'pg-copy-streams';
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

/** One row as staged: the columns of STAGING_COLUMNS, in that order (raw and record as objects). */
type StagedRow = unknown[];

const STAGING_COLUMNS = `seq int, line int, source_key text, row_hash text, raw jsonb, error text, date date, amount bigint, currency text, direction text,
  description text, reference text, counterparty text, external_id text, record jsonb`;
const COLUMN_NAMES = STAGING_COLUMNS.split(',').map((c) => c.trim().split(' ')[0]);
const JSON_COLUMNS = new Set([COLUMN_NAMES.indexOf('raw'), COLUMN_NAMES.indexOf('record')]);

/** Where staged rows go: COPY into a staging table (PostgreSQL) or batched INSERTs (embedded). */
interface RowSink {
  push(row: StagedRow): Promise<void>;
  /** Rows that went into import_rows (good ones not already there, and every bad one). */
  finish(): Promise<number>;
  /** Ends a half-written import so the connection can roll its transaction back. */
  abort(): Promise<void>;
}

/** PGlite's socket cannot carry COPY FROM STDIN (it loses protocol sync), so the embedded database gets batches. */
const embeddedByDataSource = new WeakMap<object, Promise<boolean>>();
function isEmbedded(m: EntityManager): Promise<boolean> {
  let known = embeddedByDataSource.get(m.connection);
  if (!known) {
    known = m.query(`SELECT version() LIKE '%PGlite%' AS embedded`).then(([r]: { embedded: boolean }[]) => r.embedded);
    embeddedByDataSource.set(m.connection, known);
  }
  return known;
}

/**
 * Writes an import's rows inside the caller's transaction. On PostgreSQL every row is streamed
 * with COPY into a temporary staging table as it is parsed, then ONE set-based statement moves
 * them into `import_rows` with `ON CONFLICT (source_key, row_hash) DO NOTHING` and turns only
 * the rows that went in into canonical records; so an already imported transaction is counted
 * as a duplicate and never doubled, memory stays flat, and a failure anywhere leaves nothing.
 */
export class ImportWriter {
  private sink?: RowSink;
  private seq = 0;
  private good = 0;
  private bad = 0;
  /** Occurrences of each repeatable identity in this file, keyed by its digest. */
  private readonly occurrences = new Map<string, number>();
  readonly totals: WriterTotals = { rows: 0, created: 0, duplicates: 0, errorCount: 0, errors: [] };

  constructor(
    private readonly m: EntityManager,
    private readonly importId: string,
    private readonly batchSize = 2000,
  ) {}

  async add(rows: ParsedRow[]): Promise<void> {
    this.sink ??= (await isEmbedded(this.m)) ? new BatchSink(this.m, this.importId, this.batchSize) : new CopySink(this.m, this.importId);
    for (const row of rows) await this.sink.push(this.stage(row));
  }

  /** Writes what is left and waits for it; the totals are final afterwards. */
  async finish(): Promise<WriterTotals> {
    const inserted = this.sink ? await this.sink.finish() : 0;
    const created = inserted - this.bad;
    this.totals.rows = this.good + this.bad;
    this.totals.created = created;
    this.totals.duplicates = this.good - created;
    return this.totals;
  }

  /** Called when the import fails before finish(): a COPY still open would hold the connection. */
  async abort(): Promise<void> {
    await this.sink?.abort();
  }

  private stage(row: ParsedRow): StagedRow {
    const seq = ++this.seq;
    if (!row.ok) {
      this.bad++;
      this.totals.errorCount++;
      if (this.totals.errors.length < MAX_REPORTED_ERRORS) this.totals.errors.push({ line: row.line, message: row.message });
      return [seq, row.line, 'error', null, row.raw, row.message, null, null, null, null, null, null, null, null, null];
    }
    this.good++;
    const f = row.fields;
    return [
      seq,
      row.line,
      row.sourceKey,
      this.rowHash(row.sourceKey, row.identity, row.repeatable),
      row.raw,
      null,
      f.date,
      f.amount === null ? null : f.amount.toString(),
      f.currency,
      f.direction,
      f.description,
      f.reference,
      f.counterparty,
      f.externalId,
      row.record ? recordJson(row.record) : null,
    ];
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

/** COPY text format: tab-separated, \N for NULL, backslash escapes for the separators. */
function copyValue(value: unknown, json: boolean): string {
  if (value === null || value === undefined) return '\\N';
  const text =
    json || typeof value === 'object'
      ? JSON.stringify(value)
      : typeof value === 'string'
        ? value
        : typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean'
          ? value.toString()
          : '';
  return /[\\\t\n\r]/.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]) : text;
}
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** Rows are written to the COPY stream in chunks of about this many characters. */
const COPY_CHUNK = 256 * 1024;

class CopySink implements RowSink {
  private stream?: CopyStreamQuery;
  private buffer = '';
  private failure: unknown;

  constructor(
    private readonly m: EntityManager,
    private readonly importId: string,
  ) {}

  async push(row: StagedRow): Promise<void> {
    let line = '';
    for (let i = 0; i < row.length; i++) line += (i ? '\t' : '') + copyValue(row[i], JSON_COLUMNS.has(i));
    this.buffer += line + '\n';
    if (this.buffer.length >= COPY_CHUNK) await this.write();
  }

  async finish(): Promise<number> {
    if (!this.stream && !this.buffer) return 0;
    await this.write();
    const stream = this.stream!;
    const done = once(stream, 'finish');
    stream.end();
    await done;
    this.stream = undefined;
    // The move's row estimates are far off (no statistics on a table just filled), which made the
    // planner compile it with JIT (seconds for nothing) and spill its sorts and hashes at the
    // default work_mem: both set for this transaction only. The staging table is read in the
    // order COPY wrote it (a fresh temporary heap), i.e. file order: of two equal rows the first wins.
    await this.m.query(`SET LOCAL jit = off; SET LOCAL work_mem = '64MB'`);
    const [{ inserted }]: { inserted: number }[] = await this.m.query(MOVE_SQL('SELECT * FROM import_staging'), [this.importId]);
    return Number(inserted);
  }

  async abort(): Promise<void> {
    const stream = this.stream;
    this.stream = undefined;
    if (!stream || stream.destroyed) return;
    // destroy() sends CopyFail; the server answers with an error and the connection is free again.
    await new Promise<void>((resolve) => {
      stream.once('close', () => resolve());
      stream.destroy(new Error('import aborted'));
    });
  }

  private async write(): Promise<void> {
    if (this.failure) throw this.failure;
    const stream = this.stream ?? (await this.open());
    const chunk = this.buffer;
    this.buffer = '';
    // once() rejects when the stream errors (a killed connection, a value the column refuses).
    if (chunk && !stream.write(chunk)) await once(stream, 'drain');
  }

  private async open(): Promise<CopyStreamQuery> {
    await this.m.query(`CREATE TEMPORARY TABLE import_staging (${STAGING_COLUMNS}) ON COMMIT DROP`);
    const client = await (this.m.queryRunner as unknown as { connect(): Promise<PoolClient> }).connect();
    const stream = client.query(copyFrom(`COPY import_staging FROM STDIN`));
    // Kept for the next write: an error between writes (a killed connection) must not go unheard.
    stream.on('error', (error) => (this.failure ??= error));
    this.stream = stream;
    return stream;
  }
}

/** The embedded database: one INSERT per batch of rows sent as one JSON document, one batch in flight while the next is parsed. */
class BatchSink implements RowSink {
  private batch: Record<string, unknown>[] = [];
  private inflight?: Promise<void>;
  private failure: unknown;
  private inserted = 0;

  constructor(
    private readonly m: EntityManager,
    private readonly importId: string,
    private readonly batchSize: number,
  ) {}

  async push(row: StagedRow): Promise<void> {
    const record: Record<string, unknown> = {};
    for (let i = 0; i < row.length; i++) if (row[i] !== null) record[COLUMN_NAMES[i]] = row[i];
    this.batch.push(record);
    if (this.batch.length >= this.batchSize) await this.flush();
  }

  async finish(): Promise<number> {
    await this.flush();
    await this.settle();
    return this.inserted;
  }

  async abort(): Promise<void> {
    await this.inflight;
  }

  private async flush(): Promise<void> {
    if (this.batch.length === 0) return;
    const json = JSON.stringify(this.batch);
    this.batch = [];
    // Batches still run one after another, so a later one sees the rows of the earlier ones.
    await this.settle();
    this.inflight = this.m.query(MOVE_SQL(`SELECT * FROM jsonb_to_recordset($2::jsonb) AS t(${STAGING_COLUMNS})`), [this.importId, json]).then(
      ([{ inserted }]: { inserted: number }[]) => void (this.inserted += Number(inserted)),
      (error: unknown) => void (this.failure = error),
    );
  }

  private async settle(): Promise<void> {
    await this.inflight;
    this.inflight = undefined;
    if (this.failure) throw this.failure;
  }
}

/** The record with its bigints as strings, ready for JSON (no replacer: it would run per value). */
function recordJson(record: CanonicalRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) out[key] = typeof value === 'bigint' ? value.toString() : value;
  return out;
}

/** Staged rows (`input`, given as a SELECT) into import_rows and their canonical records, in one statement. */
const MOVE_SQL = (input: string) => `
WITH input AS MATERIALIZED (${input}),
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
