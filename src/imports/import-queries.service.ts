import { Injectable } from '@nestjs/common';
import { Page, PaginationQuery } from '../common/pagination/pagination.dto.js';
import { toSafeNumber } from '../common/money/money.js';
import { TransactionService } from '../database/transaction.service.js';
import { MAX_REPORTED_ERRORS } from './import-writer.js';
import { ImportsException, RowProblem } from './imports.exception.js';
import type { ImportFormat, ImportKind } from './parsing/row.js';

export interface ImportSummary {
  id: string;
  kind: ImportKind;
  format: ImportFormat;
  filename: string;
  rows: number;
  created: number;
  duplicates: number;
  errors: RowProblem[];
}

export interface ImportRecord extends Omit<ImportSummary, 'errors'> {
  sha256: string;
  sizeBytes: number;
  errorCount: number;
  actorEmail: string;
  createdAt: string;
}

const IMPORT_COLUMNS = `id, kind, format, filename, sha256, size_bytes::int AS "sizeBytes", rows, created, duplicates,
  error_count AS "errorCount", actor_email AS "actorEmail", created_at AS "createdAt"`;

/** Reads imports and their rows; lists with raw SQL, no entity hydration. */
@Injectable()
export class ImportQueries {
  constructor(private readonly tx: TransactionService) {}

  async list(query: PaginationQuery): Promise<Page<ImportRecord>> {
    const [{ total }] = await this.tx.manager.query(`SELECT count(*)::int AS total FROM imports`);
    const items = await this.tx.manager.query(`SELECT ${IMPORT_COLUMNS} FROM imports ORDER BY created_at DESC, id OFFSET $1 LIMIT $2`, [query.offset, query.limit]);
    return { items, total, page: query.page, limit: query.limit };
  }

  async get(id: string): Promise<ImportRecord & { errors: RowProblem[] }> {
    const [found] = await this.tx.manager.query(`SELECT ${IMPORT_COLUMNS} FROM imports WHERE id = $1`, [id]);
    if (!found) throw ImportsException.notFound(id);
    return { ...found, errors: await this.errors(id) };
  }

  /** The answer for a re-upload of a file already imported: nothing created, every good row a duplicate. */
  async replay(id: string): Promise<ImportSummary> {
    const found = await this.get(id);
    return {
      id: found.id,
      kind: found.kind,
      format: found.format,
      filename: found.filename,
      rows: found.rows,
      created: 0,
      duplicates: found.rows - found.errorCount,
      errors: found.errors,
    };
  }

  async rows(id: string, status: 'ok' | 'error' | undefined, query: PaginationQuery): Promise<Page<Record<string, unknown>>> {
    const [found] = await this.tx.manager.query(`SELECT columns FROM imports WHERE id = $1`, [id]);
    if (!found) throw ImportsException.notFound(id);
    const columns: string[] | null = found.columns;
    const where = `import_id = $1 AND ($2::text IS NULL OR status = $2)`;
    const [{ total }] = await this.tx.manager.query(`SELECT count(*)::int AS total FROM import_rows WHERE ${where}`, [id, status ?? null]);
    const rows: Record<string, unknown>[] = await this.tx.manager.query(
      `SELECT r.id, r.seq, r.line, r.status, r.error, r.source_key AS "sourceKey", r.row_hash AS "rowHash", to_char(r.date, 'YYYY-MM-DD') AS date,
              r.amount::text AS amount, r.currency, r.direction, r.description, r.reference, r.counterparty, r.external_id AS "externalId", r.raw::json AS raw,
              b.id AS "bankLineId", p.id AS "providerPayoutId", i.id AS "providerIncomeId"
       FROM import_rows r
       LEFT JOIN bank_lines b ON b.import_row_id = r.id
       LEFT JOIN provider_payouts p ON p.import_row_id = r.id
       LEFT JOIN provider_income i ON i.import_row_id = r.id
       WHERE ${where.replace(/import_id|status/g, (c) => `r.${c}`)} ORDER BY r.seq OFFSET $3 LIMIT $4`,
      [id, status ?? null, query.offset, query.limit],
    );
    const items = rows.map((row) => ({
      ...row,
      amount: row.amount === null ? null : toSafeNumber(row.amount as string),
      // CSV rows keep their fields as an array; the answer names them by the file's header.
      raw: columns && Array.isArray(row.raw) ? Object.fromEntries(columns.map((name, i) => [name, (row.raw as string[])[i]])) : row.raw,
    }));
    return { items, total, page: query.page, limit: query.limit };
  }

  private async errors(id: string): Promise<RowProblem[]> {
    return this.tx.manager.query(`SELECT line, error AS message FROM import_rows WHERE import_id = $1 AND status = 'error' ORDER BY seq LIMIT $2`, [id, MAX_REPORTED_ERRORS]);
  }
}
