import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { page, Page } from '../common/pagination/pagination.dto.js';
import { updateReturning } from '../database/sql.js';
import { TransactionService } from '../database/transaction.service.js';
import type { Actor } from '../users/role.js';
import { formatDeadline } from './call-deadline.js';
import { CallListQuery, CreateCallDto, UpdateCallDto } from './calls.dto.js';
import { CallsException } from './calls.exception.js';

interface CallRow {
  id: string;
  funder: string;
  programme: string;
  deadline: Date;
  timeZone: string;
  url: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const SELECT_CALL = `SELECT id, funder, programme, deadline, time_zone AS "timeZone", url, created_at AS "createdAt", updated_at AS "updatedAt" FROM calls`;

/** Calls for proposals as data: NLnet's cadence has changed before, so no deadline lives in code. */
@Injectable()
export class CallsService {
  constructor(
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
  ) {}

  async create(dto: CreateCallDto, actor: Actor) {
    return this.tx.run(async (m) => {
      const [row]: CallRow[] = await m.query(
        `INSERT INTO calls (funder, programme, deadline, time_zone, url) VALUES ($1, $2, $3, $4, $5)
         RETURNING id, funder, programme, deadline, time_zone AS "timeZone", url, created_at AS "createdAt", updated_at AS "updatedAt"`,
        [dto.funder, dto.programme, dto.deadline, dto.timeZone ?? 'UTC', dto.url ?? null],
      );
      const shown = present(row);
      await this.audit.record(m, actor, 'call.create', 'call', row.id, null, shown);
      return shown;
    });
  }

  async update(id: string, dto: UpdateCallDto, actor: Actor) {
    return this.tx.run(async (m) => {
      const [before]: CallRow[] = await m.query(`${SELECT_CALL} WHERE id = $1 FOR UPDATE`, [id]);
      if (!before) throw CallsException.notFound(id);
      const [after] = await updateReturning<CallRow>(
        m,
        `UPDATE calls SET programme = COALESCE($2, programme), deadline = COALESCE($3::timestamptz, deadline), time_zone = COALESCE($4, time_zone),
                          url = COALESCE($5, url), updated_at = now()
         WHERE id = $1 RETURNING id, funder, programme, deadline, time_zone AS "timeZone", url, created_at AS "createdAt", updated_at AS "updatedAt"`,
        [id, dto.programme ?? null, dto.deadline ?? null, dto.timeZone ?? null, dto.url ?? null],
      );
      await this.audit.record(m, actor, 'call.update', 'call', id, present(before), present(after));
      return present(after);
    });
  }

  async list(query: CallListQuery): Promise<Page<ReturnType<typeof present>>> {
    const where = query.upcoming ? `WHERE deadline > now()` : '';
    const [{ total }] = await this.tx.manager.query<{ total: number }[]>(`SELECT count(*)::int AS total FROM calls ${where}`);
    const rows: CallRow[] = await this.tx.manager.query(`${SELECT_CALL} ${where} ORDER BY deadline, id OFFSET $1 LIMIT $2`, [query.offset, query.limit]);
    return page(rows.map(present), total, query);
  }

  async get(id: string) {
    const [row]: CallRow[] = await this.tx.manager.query(`${SELECT_CALL} WHERE id = $1`, [id]);
    if (!row) throw CallsException.notFound(id);
    return present(row);
  }
}

function present(row: CallRow) {
  const deadline = new Date(row.deadline);
  return { ...row, deadline: deadline.toISOString(), deadlineLocal: formatDeadline(deadline, row.timeZone, 'en') };
}
