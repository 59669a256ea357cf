var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
import { Injectable } from '@nestjs/common';
import { TransactionService } from '../database/transaction.service.js';
let AuditService = class AuditService {
    tx;
    constructor(tx) {
        this.tx = tx;
    }
    async record(m, actor, action, entity, entityId, before, after) {
        if (!m.queryRunner?.isTransactionActive)
            throw new Error('audit.record needs the transaction of the change it records');
        await m.query(`INSERT INTO audit_log (actor_id, actor_email, action, entity, entity_id, before, after, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, '', '')`, [actor.id, actor.email, action, entity, entityId, toJson(before), toJson(after)]);
    }
    async list(filter, query) {
        const where = `($1::text IS NULL OR entity = $1) AND ($2::text IS NULL OR entity_id = $2)`;
        const params = [filter.entity ?? null, filter.entityId ?? null];
        const [{ total }] = await this.tx.manager.query(`SELECT count(*)::int AS total FROM audit_log WHERE ${where}`, params);
        const rows = await this.tx.manager.query(`SELECT seq::text, at, actor_id AS "actorId", actor_email AS "actorEmail", action, entity, entity_id AS "entityId", before, after, hash
       FROM audit_log WHERE ${where} ORDER BY seq DESC OFFSET $3 LIMIT $4`, [...params, query.offset, query.limit]);
        return { items: rows.map((r) => ({ ...r, seq: Number(r.seq) })), total, page: query.page, limit: query.limit };
    }
    async verify() {
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
};
AuditService = __decorate([
    Injectable(),
    __metadata("design:paramtypes", [TransactionService])
], AuditService);
export { AuditService };
function toJson(value) {
    return value === null || value === undefined ? null : JSON.stringify(value);
}
//# sourceMappingURL=audit.service.js.map