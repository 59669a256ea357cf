import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Page, PaginationQuery } from '../common/pagination/pagination.dto.js';
import { TransactionService } from '../database/transaction.service.js';
import type { Actor } from '../users/role.js';

export interface AuditEntry {
  seq: number;
  at: string;
  actorId: string | null;
  actorEmail: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  hash: string;
}

export interface AuditVerification {
  ok: boolean;
  rows: number;
  firstBrokenSeq: number | null;
  reason: string | null;
}

/**
 * Writes and reads the append-only audit log. The chain itself (sequence, previous hash,
 * hash) is filled in by a database trigger; see the foundation migration.
 */
@Injectable()
export class AuditService {
  constructor(private readonly tx: TransactionService) {}

  /** Must be called with the manager of the transaction that makes the change. */
  async record(m: EntityManager, actor: Actor, action: string, entity: string, entityId: string | null, before: unknown, after: unknown): Promise<void> {
    if (!m.queryRunner?.isTransactionActive) throw new Error('audit.record needs the transaction of the change it records');
    await m.query(
      `INSERT INTO audit_log (actor_id, actor_email, action, entity, entity_id, before, after, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, '', '')`,
      [actor.id, actor.email, action, entity, entityId, toJson(before), toJson(after)],
    );
  }

  async list(filter: { entity?: string; entityId?: string }, query: PaginationQuery): Promise<Page<AuditEntry>> {
    const where = `($1::text IS NULL OR entity = $1) AND ($2::text IS NULL OR entity_id = $2)`;
    const params = [filter.entity ?? null, filter.entityId ?? null];
    const [{ total }] = await this.tx.manager.query(`SELECT count(*)::int AS total FROM audit_log WHERE ${where}`, params);
    const rows = await this.tx.manager.query(
      `SELECT seq::text, at, actor_id AS "actorId", actor_email AS "actorEmail", action, entity, entity_id AS "entityId", before, after, hash
       FROM audit_log WHERE ${where} ORDER BY seq DESC OFFSET $3 LIMIT $4`,
      [...params, query.offset, query.limit],
    );
    return { items: rows.map((r: AuditEntry) => ({ ...r, seq: Number(r.seq) })), total, page: query.page, limit: query.limit };
  }

  /** Recomputes every hash and link in order; reports the first row that does not fit. */
  async verify(): Promise<AuditVerification> {
    const [broken] = await this.tx.manager.query(`
      SELECT seq::text, CASE WHEN hash <> computed THEN 'row content does not match its hash'
                             ELSE 'row does not link to the previous row' END AS reason
      FROM (SELECT a.seq, a.hash, a.prev_hash, audit_row_hash(a) AS computed,
                   lag(a.hash, 1, 'genesis') OVER (ORDER BY a.seq) AS expected_prev
            FROM audit_log a) chain
      WHERE hash <> computed OR prev_hash <> expected_prev
      ORDER BY seq LIMIT 1`);
    const [{ rows }] = await this.tx.manager.query(`SELECT count(*)::int AS rows FROM audit_log`);
    return { ok: !broken, rows, firstBrokenSeq: broken ? Number(broken.seq) : null, reason: broken?.reason ?? null };
  }
}

function toJson(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}
