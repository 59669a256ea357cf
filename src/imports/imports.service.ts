import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { FastifyRequest } from 'fastify';
import { AuditService } from '../audit/audit.service.js';
import type { Env } from '../config/env.validation.js';
import { TransactionService } from '../database/transaction.service.js';
import type { Actor } from '../users/role.js';
import { ImportQueries, ImportSummary } from './import-queries.service.js';
import { ImportWriter } from './import-writer.js';
import { ImportProfilesService } from './import-profiles.service.js';
import { ImportsException } from './imports.exception.js';
import type { BankCsvProfile } from './parsing/bank-csv.js';
import { parseUpload, ParseContext } from './parsing/parse-upload.js';
import { FileFormatError, IMPORT_KINDS, ImportKind } from './parsing/row.js';
import { fieldValue, UploadStream } from './upload-stream.js';
import { isConnectionLoss } from './connection-loss.js';

export interface ImportOutcome {
  summary: ImportSummary;
  /** True when these exact bytes were imported before: nothing new, the first import answers. */
  replayed: boolean;
}

/** Room for the form fields and part headers around the file in a multipart body. */
const MULTIPART_OVERHEAD = 1024 * 1024;

/** Reads a request body to its end without keeping it. */
function discard(stream: NodeJS.ReadableStream): Promise<void> {
  return new Promise((resolve) => {
    stream
      .on('end', resolve)
      .on('error', () => resolve())
      .on('close', () => resolve());
    stream.resume();
  });
}

/**
 * The `sha256` of an import whose file is still arriving: unique (the import's id, as hex) and
 * never a real digest of the kind's files, so (kind, sha256) stays unique; replaced when the
 * whole file has been read, in the same transaction, so nobody else ever sees it.
 */
const PENDING_SHA256 = (id: string) => id.replace(/-/g, '').padStart(64, '0');

/** Thrown inside the transaction to roll it back when the file turns out to be a re-upload. */
class SameFileAgain extends Error {
  constructor(readonly existingId: string) {
    super('same file again');
  }
}

@Injectable()
export class ImportsService {
  constructor(
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
    private readonly profiles: ImportProfilesService,
    private readonly queries: ImportQueries,
    private readonly config: ConfigService<Env, true>,
  ) {}

  /**
   * Streams one uploaded file into the database in ONE transaction: every row, every canonical
   * record and the import itself commit together or not at all (a lost connection leaves
   * nothing, and the rerun gives the same result).
   */
  async importUpload(request: FastifyRequest, actor: Actor): Promise<ImportOutcome> {
    const limit = this.config.get('IMPORT_MAX_BYTES', { infer: true });
    if (!request.isMultipart()) throw ImportsException.badRequest('file', 'Send multipart/form-data with the fields kind (and profile) followed by the file');
    // A declared length far over the limit is refused before parsing a byte (the body is still
    // read and discarded, so the client gets the answer and not a reset connection).
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > limit + MULTIPART_OVERHEAD) {
      await discard(request.raw);
      throw ImportsException.tooLarge(limit);
    }
    const part = await request.file().catch((error: { statusCode?: number }) => {
      if (typeof error?.statusCode === 'number') throw error;
      throw ImportsException.malformedMultipart(error);
    });
    if (!part) throw ImportsException.badRequest('file', 'The request has no file part');
    const upload = new UploadStream(part.file, limit, request.raw);
    try {
      const kind = fieldValue(part.fields, 'kind');
      if (!kind || !(IMPORT_KINDS as readonly string[]).includes(kind)) {
        throw ImportsException.badRequest('kind', `kind must be one of ${IMPORT_KINDS.join(', ')} and come before the file part`);
      }
      const profileName = fieldValue(part.fields, 'profile') || undefined;
      const profile = profileName ? await this.profiles.load(profileName) : undefined;
      const filename = (part.filename || 'upload').slice(0, 255);
      return await this.run(upload, kind as ImportKind, filename, profile, actor);
    } catch (error) {
      await upload.drain();
      if (error instanceof SameFileAgain) return { summary: await this.queries.replay(error.existingId), replayed: true };
      if (error instanceof FileFormatError) throw ImportsException.badFile(error.message, error.line);
      if (isConnectionLoss(error)) throw ImportsException.databaseLost();
      throw error;
    }
  }

  private async run(
    upload: UploadStream,
    kind: ImportKind,
    filename: string,
    profile: { id: string | null; config: BankCsvProfile } | undefined,
    actor: Actor,
  ): Promise<ImportOutcome> {
    const id = randomUUID();
    const context: ParseContext = {};
    const today = new Date().toISOString().slice(0, 10);
    return this.tx.run(async (m) => {
      // One import per kind at a time: a second upload of the same file waits, then finds every row already there.
      await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`coffer:imports:${kind}`]);
      // The import's own row goes in before its first batch of rows (their key to it is checked
      // per batch), with the counts and the file's hash still open; it is completed below.
      let written = false;
      const head = [id, kind, filename, profile?.id ?? null, actor.id, actor.email];
      const writer = new ImportWriter(m, id, async () => {
        if (!context.format) throw new FileFormatError('The file has no content Coffer can read');
        await m.query(
          `INSERT INTO imports (id, kind, filename, profile_id, actor_id, actor_email, format, sha256, size_bytes, columns)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, $9)`,
          [...head, context.format, PENDING_SHA256(id), context.columns ? JSON.stringify(context.columns) : null],
        );
        written = true;
      });
      let t;
      try {
        for await (const rows of parseUpload(upload.chunks(), { kind, profile: profile?.config, today }, context)) await writer.add(rows);
        t = await writer.finish();
      } catch (error) {
        await writer.abort();
        throw error;
      }
      const sha256 = upload.sha256();
      const [existing] = await m.query(`SELECT id FROM imports WHERE kind = $1 AND sha256 = $2 AND id <> $3`, [kind, sha256, id]);
      if (existing) throw new SameFileAgain(existing.id);
      if (!context.format) throw new FileFormatError('The file has no content Coffer can read');
      const columns = context.columns ? JSON.stringify(context.columns) : null;
      const counts = [t.rows, t.created, t.duplicates, t.errorCount];
      if (written) {
        await m.query(`UPDATE imports SET format = $2, sha256 = $3, size_bytes = $4, columns = $5, rows = $6, created = $7, duplicates = $8, error_count = $9 WHERE id = $1`, [
          id,
          context.format,
          sha256,
          upload.size,
          columns,
          ...counts,
        ]);
      } else {
        await m.query(
          `INSERT INTO imports (id, kind, filename, profile_id, actor_id, actor_email, format, sha256, size_bytes, columns, rows, created, duplicates, error_count)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
          [...head, context.format, sha256, upload.size, columns, ...counts],
        );
      }
      const summary: ImportSummary = { id, kind, format: context.format, filename, rows: t.rows, created: t.created, duplicates: t.duplicates, errors: t.errors };
      await this.audit.record(m, actor, 'import.create', 'import', id, null, {
        kind,
        format: context.format,
        filename,
        sha256,
        rows: t.rows,
        created: t.created,
        duplicates: t.duplicates,
        errors: t.errorCount,
      });
      return { summary, replayed: false };
    });
  }
}
