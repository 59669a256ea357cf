import { hash as digest } from 'node:crypto';
import { once } from 'node:events';
import type { PoolClient } from 'pg';
import { from as copyFrom, type CopyStreamQuery } from 'pg-copy-streams';
import type { EntityManager } from 'typeorm';
import { timeOrderedId } from '../common/util/time-ordered-id.js';
import type { RowProblem } from './imports.exception.js';
import type { BankRecord, CanonicalRecord, ParsedRow, PayoutRecord } from './parsing/row.js';

export const MAX_REPORTED_ERRORS = 1000;

export interface WriterTotals {
  rows: number;
  created: number;
  duplicates: number;
  errorCount: number;
  /** The first MAX_REPORTED_ERRORS bad rows; all of them are in `import_rows`. */
  errors: RowProblem[];
}

const ROW_COLUMNS = [
  'id',
  'seq',
  'line',
  'source_key',
  'row_hash',
  'raw',
  'status',
  'error',
  'date',
  'amount',
  'currency',
  'direction',
  'description',
  'reference',
  'counterparty',
  'external_id',
  'member_id',
  'member_email',
  'tier',
  'charge_frequency',
] as const;
const RAW = ROW_COLUMNS.indexOf('raw');

/** The `import_rows` values of one row in ROW_COLUMNS order (a Patreon income record is four more columns of the row itself). */
export function rowValues(row: ParsedRow, seq: number, id: string, hash: string | null): unknown[] {
  if (!row.ok) return [id, seq, row.line, 'error', null, row.raw, 'error', row.message, null, null, null, null, null, null, null, null, null, null, null, null];
  const f = row.fields;
  const income = row.record?.type === 'income' ? row.record : null;
  // With an income record the row's own columns are the record's: they must say the same.
  return [
    id,
    seq,
    row.line,
    row.sourceKey,
    hash,
    row.raw,
    'ok',
    null,
    income ? income.chargedOn : f.date,
    income ? income.amount.toString() : f.amount === null ? null : f.amount.toString(),
    income ? income.currency : f.currency,
    f.direction,
    f.description,
    f.reference,
    income ? income.name : f.counterparty,
    income ? income.externalId : f.externalId,
    income?.memberId ?? null,
    income?.email ?? null,
    income?.tier ?? null,
    income?.chargeFrequency ?? null,
  ];
}

/** A bank line or payout: it goes into a table of its own, after its row. */
function sideRecord(row: ParsedRow): BankRecord | PayoutRecord | null {
  return row.ok && row.record && row.record.type !== 'income' ? row.record : null;
}

/** Where staged rows go: COPY straight into the tables (PostgreSQL) or batched INSERTs (embedded). */
interface RowSink {
  /** A promise only when the row completed a batch that had to wait for the previous one. */
  push(row: ParsedRow, seq: number, id: string, hash: string | null): Promise<void> | undefined;
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
 * Writes an import's rows inside the caller's transaction. On PostgreSQL the rows are COPYed
 * straight into `import_rows` in batches while the file is still being parsed (PostgreSQL
 * writes one batch while Node parses the next). The unique identity index (`source_key`,
 * `row_hash`) decides what is a duplicate: a batch first goes in as it is, under a savepoint
 * (most batches of most files hold nothing imported before, and asking first cost PostgreSQL
 * ~0.5 s per 100k rows); when the index refuses it, the batch is taken back and written again
 * without the rows already there, and from then on each batch asks first, with one query.
 * Repeats within a batch are left out in Node. Rows left out count as duplicates. The caller
 * holds the import kind's advisory lock, so no other import adds the same source meanwhile.
 * Memory stays flat (one batch in Node), and a failure anywhere leaves nothing.
 *
 * A savepoint per batch gives a large import more than the 64 subtransactions PostgreSQL keeps
 * in shared memory; until it commits, other sessions that meet its rows look their
 * transaction up in pg_subtrans. Nothing reads an import's rows before it commits.
 */
export class ImportWriter {
  private sink?: RowSink;
  private seq = 0;
  private good = 0;
  private bad = 0;
  /** Occurrences of each repeatable identity in this file, keyed by its digest. */
  private readonly occurrences = new Map<string, number>();
  readonly totals: WriterTotals = { rows: 0, created: 0, duplicates: 0, errorCount: 0, errors: [] };

  /**
   * `beforeFirstRow` writes the `imports` row: the rows' key to it is checked as each batch
   * goes in (migration 1764400000000), so it must be there before the first batch.
   */
  constructor(
    private readonly m: EntityManager,
    private readonly importId: string,
    private readonly beforeFirstRow: () => Promise<void>,
    private readonly batchSize = 2000,
  ) {}

  async add(rows: ParsedRow[]): Promise<void> {
    this.sink ??= (await isEmbedded(this.m))
      ? new BatchSink(this.m, this.importId, 2000, this.beforeFirstRow)
      : new CopySink(this.m, this.importId, this.batchSize, this.beforeFirstRow);
    for (const row of rows) {
      // Most rows only fill the batch: no promise, no microtask per row.
      const wait = this.push(row);
      if (wait) await wait;
    }
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

  private push(row: ParsedRow): Promise<void> | undefined {
    const seq = ++this.seq;
    if (!row.ok) {
      this.bad++;
      this.totals.errorCount++;
      if (this.totals.errors.length < MAX_REPORTED_ERRORS) this.totals.errors.push({ line: row.line, message: row.message });
      return this.sink!.push(row, seq, timeOrderedId(), null);
    }
    this.good++;
    // Time-ordered ids: the rows append to the primary key's right edge instead of splitting pages all over it.
    return this.sink!.push(row, seq, timeOrderedId(), this.rowHash(row.sourceKey, row.identity, row.repeatable));
  }

  /**
   * The hash is over what makes two rows the same transaction, never over the file, so the
   * same booking in two overlapping statements hashes alike. Identical rows within one file
   * (two equal transfers on one day) are told apart by their occurrence: the second is #1.
   */
  private rowHash(sourceKey: string, identity: readonly unknown[], repeatable: boolean): string {
    // crypto.hash, one call per digest: a Hash object per row cost three times as much.
    const key = `${sourceKey}\n${JSON.stringify(identity)}`;
    if (!repeatable) return digest('sha256', key);
    const seen = digest('sha256', key, 'base64');
    const occurrence = this.occurrences.get(seen) ?? 0;
    this.occurrences.set(seen, occurrence + 1);
    return digest('sha256', `${key}\n#${occurrence}`);
  }
}

/** COPY text format: tab-separated, \\N for NULL, backslash escapes for the separators. */
function copyValue(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  const text =
    typeof value === 'object'
      ? JSON.stringify(value)
      : typeof value === 'string'
        ? value
        : typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean'
          ? value.toString()
          : '';
  return copyText(text);
}
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** COPY text of a string (escaped only when it has a special character, the unusual case). */
function copyText(text: string): string {
  return COPY_SPECIAL.test(text) ? text.replace(COPY_SPECIALS, (ch) => COPY_ESCAPES[ch]) : text;
}
const COPY_SPECIAL = /[\\\t\n\r]/;
const COPY_SPECIALS = /[\\\t\n\r]/g;
const copyNullable = (text: string | null): string => (text === null ? '\\N' : copyText(text));

/** A row's raw form as JSON in COPY text: JSON escapes tabs and line breaks itself, so only its backslashes need doubling. */
function rawJson(raw: unknown): string {
  const json = JSON.stringify(raw);
  return json.indexOf('\\') < 0 ? json : json.replace(/\\/g, '\\\\');
}

const ERROR_TAIL = '\t\\N'.repeat(12) + '\n';

/**
 * The `import_rows` COPY line of a row after `importId` (the values of rowValues, written
 * straight as text: no array and no type dispatch per value). Must equal `copyLine(rowValues(…))`,
 * which the embedded database's batches use: import-writer.spec.ts holds them to it.
 */
export function rowCopyLine(row: ParsedRow, seq: number, id: string, hash: string | null): string {
  const head = `${id}\t${seq}\t${row.line}\t`;
  if (!row.ok) return `${head}error\t\\N\t${rawJson(row.raw)}\terror\t${copyText(row.message)}${ERROR_TAIL}`;
  const f = row.fields;
  const income = row.record?.type === 'income' ? row.record : null;
  let line = `${head}${copyText(row.sourceKey)}\t${hash}\t${rawJson(row.raw)}\tok\t\\N\t`;
  if (income) {
    line += `${copyText(income.chargedOn)}\t${income.amount}\t${copyText(income.currency)}\t${copyNullable(f.direction)}\t${copyNullable(f.description)}\t`;
    line += `${copyNullable(f.reference)}\t${copyNullable(income.name)}\t${copyText(income.externalId)}\t${copyText(income.memberId)}\t`;
    line += `${copyNullable(income.email)}\t${copyNullable(income.tier)}\t${copyNullable(income.chargeFrequency)}\n`;
  } else {
    line += `${copyNullable(f.date)}\t${f.amount === null ? '\\N' : f.amount}\t${copyNullable(f.currency)}\t${copyNullable(f.direction)}\t`;
    line += `${copyNullable(f.description)}\t${copyNullable(f.reference)}\t${copyNullable(f.counterparty)}\t${copyNullable(f.externalId)}\t\\N\t\\N\t\\N\t\\N\n`;
  }
  return line;
}

export function copyLine(values: readonly unknown[]): string {
  let line = copyValue(values[0]);
  for (let i = 1; i < values.length; i++) line += '\t' + copyValue(values[i]);
  return line + '\n';
}

const BANK_COLUMNS = `import_row_id, account, booked_on, value_on, amount, currency, direction, reversal, reference, bank_reference, description, counterparty,
  counterparty_account`;
const bankValues = (id: string, r: BankRecord) => [
  id,
  r.account,
  r.bookedOn,
  r.valueOn,
  r.amount,
  r.currency,
  r.direction,
  r.reversal,
  r.reference,
  r.bankReference,
  r.description,
  r.counterparty,
  r.counterpartyAccount,
];
const PAYOUT_COLUMNS = `import_row_id, provider, external_id, period_start, period_end, gross, fees, net, currency, paid_on, status`;
const payoutValues = (id: string, r: PayoutRecord) => [id, r.provider, r.externalId, r.periodStart, r.periodEnd, r.gross, r.fees, r.net, r.currency, r.paidOn, r.status];

/** The unique index that makes a row imported twice count once. */
const IDENTITY_KEY = 'import_rows_source_hash_key';
const NOTHING_PRESENT: ReadonlySet<string> = new Set();

/** What a batch writes: its `import_rows` COPY text (runs of the batch's buffer), its bank lines and payouts, and how many rows. */
interface ChosenRows {
  rows: Buffer[];
  bank: string[];
  payouts: string[];
  inserted: number;
}

/** Rows are written to a COPY stream in chunks of about this many characters. */
const COPY_CHUNK = 64 * 1024;

/**
 * A batch's `import_rows` COPY text as UTF-8 bytes in one buffer, with where each row starts:
 * the text leaves the JavaScript heap as soon as a row is parsed (holding a batch of strings
 * until the batch goes in made them survive into the old generation, and garbage collection
 * took a fifth of the import's CPU). Two alternate: one in flight, one filling.
 */
class ByteBatch {
  buffer = Buffer.allocUnsafe(1 << 20);
  length = 0;
  readonly starts: number[] = [];
  /** Each row's `row_hash` (64 hex characters) at row * 64, and its source as an index into CopySink's sources (-1: a row in error). */
  readonly hashes: Buffer;
  readonly sources: Int32Array;

  constructor(readonly capacity: number) {
    this.hashes = Buffer.alloc(capacity * 64);
    this.sources = new Int32Array(capacity);
  }

  get count(): number {
    return this.starts.length;
  }

  add(text: string, source: number, hash: string | null): void {
    if (this.length + text.length * 3 > this.buffer.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + text.length * 3));
      this.buffer.copy(bigger, 0, 0, this.length);
      this.buffer = bigger;
    }
    const row = this.starts.length;
    this.sources[row] = source;
    if (hash !== null) this.hashes.write(hash, row * 64, 64, 'latin1');
    this.starts.push(this.length);
    this.length += this.buffer.write(text, this.length);
  }

  hash(row: number): string {
    return this.hashes.toString('latin1', row * 64, row * 64 + 64);
  }

  /** Rows [from, to) as one slice of the buffer. */
  slice(from: number, to: number): Buffer {
    return this.buffer.subarray(this.starts[from], to < this.starts.length ? this.starts[to] : this.length);
  }

  clear(): void {
    this.length = 0;
    this.starts.length = 0;
  }
}

class CopySink implements RowSink {
  private batch: ByteBatch;
  private spare: ByteBatch;
  /** The sources (`source_key`) of this import, few: rows refer to them by index. */
  private readonly sourceNames: string[] = [];
  private readonly sourceIndex = new Map<string, number>();
  private lastSourceName?: string;
  private lastSource = -1;
  /** Bank lines and payouts of the batch's rows, by index in the batch. */
  private records = new Map<number, { bank: boolean; line: string }>();
  /** The previous batch's COPYs, running while the next batch is parsed. */
  private pending?: Promise<void>;
  private stream?: CopyStreamQuery;
  private failure: unknown;
  private inserted = 0;
  /** Set once a batch met rows already imported: from then on each batch is looked up before it goes in. */
  private careful = false;
  private readonly rowsCopy: string;
  private readonly importIdField: string;

  constructor(
    private readonly m: EntityManager,
    importId: string,
    private readonly batchSize: number,
    private beforeFirstRow?: () => Promise<void>,
  ) {
    this.rowsCopy = `COPY import_rows (import_id, ${ROW_COLUMNS.join(', ')}) FROM STDIN`;
    this.importIdField = `${importId}\t`;
    this.batch = new ByteBatch(batchSize);
    this.spare = new ByteBatch(batchSize);
  }

  push(row: ParsedRow, seq: number, id: string, hash: string | null): Promise<void> | undefined {
    const index = this.batch.count;
    let source = -1;
    if (row.ok) {
      const name = row.sourceKey;
      if (name === this.lastSourceName) source = this.lastSource;
      else {
        source = this.sourceIndex.get(name) ?? -1;
        if (source < 0) {
          source = this.sourceNames.push(name) - 1;
          this.sourceIndex.set(name, source);
        }
        this.lastSourceName = name;
        this.lastSource = source;
      }
    }
    this.batch.add(this.importIdField + rowCopyLine(row, seq, id, hash), source, hash);
    const record = sideRecord(row);
    if (record) this.records.set(index, { bank: record.type === 'bank', line: copyLine(record.type === 'bank' ? bankValues(id, record) : payoutValues(id, record)) });
    return index + 1 >= this.batchSize ? this.flush() : undefined;
  }

  async finish(): Promise<number> {
    await this.flush();
    await this.settle();
    return this.inserted;
  }

  async abort(): Promise<void> {
    const stream = this.stream;
    this.stream = undefined;
    if (stream && !stream.destroyed && !stream.writableFinished) {
      // destroy() sends CopyFail; the server answers with an error and the connection is free again.
      await new Promise<void>((resolve) => {
        stream.once('close', () => resolve());
        // The batch's own listener may be gone (its COPY had finished): without one, the abort's
        // error event would be an uncaught exception in the middle of answering the request.
        stream.on('error', () => undefined);
        stream.destroy(new Error('import aborted'));
      });
    }
    await this.pending?.catch(() => undefined);
  }

  private async settle(): Promise<void> {
    await this.pending;
    this.pending = undefined;
    if (this.failure) throw this.failure;
  }

  private async flush(): Promise<void> {
    const batch = this.batch;
    const count = batch.count;
    if (count === 0) return;
    const records = this.records;
    // The previous batch must be in before asking what is there (a repeat across batches); its buffer is free again then.
    await this.settle();
    if (this.beforeFirstRow) {
      const first = this.beforeFirstRow;
      this.beforeFirstRow = undefined;
      await first();
    }
    // The batch's buffer stays as it is until the next flush, so a batch that met rows already imported can be written again.
    this.batch = this.spare;
    this.spare = batch;
    this.batch.clear();
    this.records = new Map();
    const keys: (string | null)[] = [];
    for (let i = 0; i < count; i++) keys.push(batch.sources[i] < 0 ? null : `${this.sourceNames[batch.sources[i]]}\n${batch.hash(i)}`);
    if (this.careful) {
      const chosen = this.choose(batch, keys, records, await this.present(keys));
      // Not awaited: PostgreSQL takes this batch while Node parses the next one.
      this.pending = this.write(chosen).catch((error: unknown) => void (this.failure ??= error));
      return;
    }
    // Optimistic: most batches hold no row imported before, so they go in without a lookup, under a
    // savepoint. When the unique identity key refuses one, the batch is taken back, written again
    // without the rows already there, and every later batch is looked up first.
    const chosen = this.choose(batch, keys, records, NOTHING_PRESENT);
    this.pending = (async () => {
      const client = await this.client();
      await client.query('SAVEPOINT import_batch');
      try {
        await this.write(chosen);
      } catch (error) {
        if ((error as { constraint?: string }).constraint !== IDENTITY_KEY) throw error;
        await client.query('ROLLBACK TO SAVEPOINT import_batch');
        this.careful = true;
        await this.write(this.choose(batch, keys, records, await this.present(keys)));
      }
      await client.query('RELEASE SAVEPOINT import_batch');
    })().catch((error: unknown) => void (this.failure ??= error));
  }

  /** The batch's rows that go in: not already there, not a repeat of an earlier row of the batch. */
  private choose(batch: ByteBatch, keys: (string | null)[], records: Map<number, { bank: boolean; line: string }>, present: ReadonlySet<string>): ChosenRows {
    const seen = new Set<string>();
    const rows: Buffer[] = [];
    const bank = new CopyText();
    const payouts = new CopyText();
    let inserted = 0;
    let run = -1;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      if (key !== null) {
        if (present.has(key) || seen.has(key)) {
          if (run >= 0) rows.push(batch.slice(run, i));
          run = -1;
          continue;
        }
        seen.add(key);
      }
      if (run < 0) run = i;
      inserted++;
      const record = records.get(i);
      if (record) (record.bank ? bank : payouts).add(record.line);
    }
    if (run >= 0) rows.push(batch.slice(run, keys.length));
    return { rows, bank: bank.end(), payouts: payouts.end(), inserted };
  }

  private async write(chosen: ChosenRows): Promise<void> {
    await this.copy(this.rowsCopy, chosen.rows);
    await this.copy(`COPY bank_lines (${BANK_COLUMNS}) FROM STDIN`, chosen.bank);
    await this.copy(`COPY provider_payouts (${PAYOUT_COLUMNS}) FROM STDIN`, chosen.payouts);
    this.inserted += chosen.inserted;
  }

  /** Which of the batch's identities (`source_key` newline `row_hash`) are already in import_rows: one query on the unique index. */
  private async present(keys: (string | null)[]): Promise<Set<string>> {
    const sources: string[] = [];
    const hashes: string[] = [];
    for (const key of keys) {
      if (key === null) continue;
      sources.push(key.slice(0, -65));
      hashes.push(key.slice(-64));
    }
    if (hashes.length === 0) return new Set();
    const found: { source_key: string; row_hash: string }[] = await this.m.query(
      `SELECT r.source_key, r.row_hash FROM unnest($1::text[], $2::text[]) AS s (source_key, row_hash)
       JOIN import_rows r ON r.source_key = s.source_key AND r.row_hash = s.row_hash`,
      [sources, hashes],
    );
    return new Set(found.map((r) => `${r.source_key}\n${r.row_hash}`));
  }

  /** The transaction's own connection (the query runner's). */
  private client(): Promise<PoolClient> {
    return (this.m.queryRunner as unknown as { connect(): Promise<PoolClient> }).connect();
  }

  private async copy(sql: string, chunks: (string | Buffer)[]): Promise<void> {
    if (chunks.length === 0) return;
    const client = await this.client();
    const stream = client.query(copyFrom(sql));
    this.stream = stream;
    // once() rejects when the stream errors (a killed connection, a value a column refuses).
    const done = once(stream, 'finish');
    for (const chunk of chunks) if (!stream.write(chunk)) await Promise.race([once(stream, 'drain'), done]);
    stream.end();
    await done;
    this.stream = undefined;
  }
}

/** COPY text gathered in chunks of about COPY_CHUNK characters (one huge string costs a flattening copy and GC). */
class CopyText {
  private readonly chunks: string[] = [];
  private text = '';

  add(line: string): void {
    this.text += line;
    if (this.text.length >= COPY_CHUNK) {
      this.chunks.push(this.text);
      this.text = '';
    }
  }

  end(): string[] {
    if (this.text) this.chunks.push(this.text);
    this.text = '';
    return this.chunks;
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
    private beforeFirstRow?: () => Promise<void>,
  ) {}

  push(row: ParsedRow, seq: number, id: string, hash: string | null): Promise<void> | undefined {
    const values = rowValues(row, seq, id, hash);
    const record: Record<string, unknown> = {};
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      if (value !== null) record[ROW_COLUMNS[i]] = i === RAW ? JSON.stringify(value) : value;
    }
    const side = sideRecord(row);
    if (side) record.record = recordJson(side);
    this.batch.push(record);
    return this.batch.length >= this.batchSize ? this.flush() : undefined;
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
    if (this.beforeFirstRow) {
      const first = this.beforeFirstRow;
      this.beforeFirstRow = undefined;
      await first();
    }
    this.inflight = this.m.query(EMBEDDED_SQL, [this.importId, json]).then(
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

/**
 * The embedded database's batch: rows into import_rows with `ON CONFLICT DO NOTHING` (the raw
 * form travels as JSON text, so it is kept as sent) and the bank lines and payouts of the rows
 * that went in, in one statement.
 */
const EMBEDDED_SQL = `
WITH input AS MATERIALIZED (
  SELECT * FROM jsonb_to_recordset($2::jsonb) AS t (id uuid, seq int, line int, source_key text, row_hash text, raw text, status text, error text, date date,
    amount bigint, currency text, direction text, description text, reference text, counterparty text, external_id text, member_id text,
    member_email text, tier text, charge_frequency text, record jsonb)
),
ins AS (
  INSERT INTO import_rows (import_id, ${ROW_COLUMNS.join(', ')})
  SELECT $1, ${ROW_COLUMNS.join(', ')}
  FROM input
  ON CONFLICT ON CONSTRAINT import_rows_source_hash_key DO NOTHING
  RETURNING id
),
created AS (
  SELECT input.id, input.record FROM ins JOIN input USING (id) WHERE input.record IS NOT NULL
),
bank AS (
  INSERT INTO bank_lines (${BANK_COLUMNS})
  SELECT id, record->>'account', (record->>'bookedOn')::date, (record->>'valueOn')::date, (record->>'amount')::bigint, record->>'currency',
         record->>'direction', (record->>'reversal')::boolean, record->>'reference', record->>'bankReference', record->>'description',
         record->>'counterparty', record->>'counterpartyAccount'
  FROM created WHERE record->>'type' = 'bank'
  RETURNING 1
),
payout AS (
  INSERT INTO provider_payouts (${PAYOUT_COLUMNS})
  SELECT id, record->>'provider', record->>'externalId', (record->>'periodStart')::date, (record->>'periodEnd')::date,
         (record->>'gross')::bigint, (record->>'fees')::bigint, (record->>'net')::bigint, record->>'currency', (record->>'paidOn')::date,
         record->>'status'
  FROM created WHERE record->>'type' = 'payout'
  RETURNING 1
)
SELECT count(*)::int AS inserted FROM ins`;
