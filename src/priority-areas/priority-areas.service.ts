import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { updateReturning } from '../database/sql.js';
import { TransactionService } from '../database/transaction.service.js';
import type { Actor } from '../users/role.js';
import type { CreatePriorityAreaDto, UpdatePriorityAreaDto } from './priority-areas.dto.js';
import { PriorityAreasException } from './priority-areas.exception.js';

export interface PriorityArea {
  code: string;
  title: string;
  titles: { de?: string };
  position: number;
  active: boolean;
}

const COLUMNS = `code, title, titles, position, active`;

/**
 * The organisation's priority areas, managed by admins (issue 12): what interests, grants and
 * the public summary are grouped by. Positions are kept dense and unique by shifting the others.
 */
@Injectable()
export class PriorityAreasService {
  constructor(
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
  ) {}

  list(): Promise<PriorityArea[]> {
    return this.tx.manager.query(`SELECT ${COLUMNS} FROM priority_areas ORDER BY position`);
  }

  create(dto: CreatePriorityAreaDto, actor: Actor): Promise<PriorityArea> {
    return this.tx.run(async (m) => {
      await this.lockList(m);
      const [{ last }]: { last: number }[] = await m.query(`SELECT coalesce(max(position), 0)::int AS last FROM priority_areas`);
      const position = Math.min(dto.position ?? last + 1, last + 1);
      await this.shift(m, position, last, 1);
      const [area]: PriorityArea[] = await m.query(
        `INSERT INTO priority_areas (code, title, titles, position) VALUES ($1, $2, $3, $4) ON CONFLICT (code) DO NOTHING RETURNING ${COLUMNS}`,
        [dto.code, dto.title, JSON.stringify(dto.titles ?? {}), position],
      );
      if (!area) throw PriorityAreasException.taken(dto.code);
      await this.audit.record(m, actor, 'priority_area.create', 'priority_area', area.code, null, area);
      return area;
    });
  }

  update(code: string, dto: UpdatePriorityAreaDto, actor: Actor): Promise<PriorityArea> {
    return this.tx.run(async (m) => {
      await this.lockList(m);
      const [before]: PriorityArea[] = await m.query(`SELECT ${COLUMNS} FROM priority_areas WHERE code = $1`, [code]);
      if (!before) throw PriorityAreasException.notFound(code);
      if (dto.position !== undefined && dto.position !== before.position) {
        const [{ last }]: { last: number }[] = await m.query(`SELECT max(position)::int AS last FROM priority_areas`);
        const to = Math.min(dto.position, last);
        // Out of the way first (positions are unique), then close the gap and open the new place.
        await m.query(`UPDATE priority_areas SET position = 0 WHERE code = $1`, [code]);
        await this.shift(m, before.position + 1, last, -1);
        await this.shift(m, to, last - 1, 1);
        await m.query(`UPDATE priority_areas SET position = $2 WHERE code = $1`, [code, to]);
      }
      const [area] = await updateReturning<PriorityArea>(
        m,
        `UPDATE priority_areas SET title = COALESCE($2, title), titles = COALESCE($3, titles), active = COALESCE($4, active)
          WHERE code = $1 RETURNING ${COLUMNS}`,
        [code, dto.title ?? null, dto.titles ? JSON.stringify(dto.titles) : null, dto.active ?? null],
      );
      await this.audit.record(m, actor, 'priority_area.update', 'priority_area', code, before, area);
      return area;
    });
  }

  /** One writer at a time: positions move in several statements. */
  private async lockList(m: EntityManager): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('priority_areas'))`);
  }

  /** Moves positions from..to by delta, highest first when opening a gap so none collide. */
  private async shift(m: EntityManager, from: number, to: number, delta: 1 | -1): Promise<void> {
    if (from > to) return;
    const codes: { code: string }[] = await m.query(`SELECT code FROM priority_areas WHERE position BETWEEN $1 AND $2 ORDER BY position ${delta === 1 ? 'DESC' : 'ASC'}`, [
      from,
      to,
    ]);
    for (const { code } of codes) await m.query(`UPDATE priority_areas SET position = position + $2 WHERE code = $1`, [code, delta]);
  }
}
