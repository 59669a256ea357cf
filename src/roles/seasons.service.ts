import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Env } from '../config/env.validation.js';
import { toSafeNumber } from '../common/money/money.js';
import { TransactionService } from '../database/transaction.service.js';
import { FundsService } from '../funds/funds.service.js';
import { canMove } from '../common/state-machine/state-machine.js';
import type { Actor } from '../users/role.js';
import { SEASON_MOVES, SEASON_TAKES_STIPENDS, SeasonStatus } from './role-status.js';
import { CreateSeasonDto, SeasonStatusDto } from './roles.dto.js';
import { RolesException } from './roles.exception.js';

export interface SeasonRow {
  id: string;
  name: string;
  fund_id: string;
  fund: string;
  currency: string;
  budget: string;
  per_student_cap: string;
  status: SeasonStatus;
  starts_on: string | null;
  ends_on: string | null;
  committed: string;
  students: number;
}

/**
 * What a season has committed: the whole stipend of each stipend role not ended, and what was
 * actually paid to ended ones (a student who left early frees the rest of their stipend).
 */
const SELECT = `
  SELECT s.id, s.name, s.fund_id, f.code AS fund, s.currency::text AS currency, s.budget::text, s.per_student_cap::text, s.status,
         to_char(s.starts_on, 'YYYY-MM-DD') AS starts_on, to_char(s.ends_on, 'YYYY-MM-DD') AS ends_on,
         COALESCE((SELECT sum(CASE WHEN r.status = 'ended'
                      THEN (SELECT COALESCE(sum(p.amount), 0) FROM role_payments p WHERE p.role_id = r.id AND p.reversal_entry_id IS NULL)
                      ELSE r.total_stipend END) FROM roles r WHERE r.season_id = s.id), 0)::text AS committed,
         (SELECT count(*)::int FROM roles r WHERE r.season_id = s.id AND r.status <> 'ended') AS students
  FROM seasons s JOIN funds f ON f.id = s.fund_id`;

/** Summer-of-code seasons: a budget and a per-student cap that its stipend roles stay within. */
@Injectable()
export class SeasonsService {
  private readonly defaultCap: number;

  constructor(
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
    private readonly funds: FundsService,
    config: ConfigService<Env, true>,
  ) {
    this.defaultCap = config.get('STIPEND_CAP', { infer: true });
  }

  create(dto: CreateSeasonDto, actor: Actor) {
    const cap = dto.perStudentCap ?? { amount: this.defaultCap, currency: dto.budget.currency };
    if (cap.currency !== dto.budget.currency) throw RolesException.seasonMismatch('perStudentCap.currency', `must be the budget's currency ${dto.budget.currency}`);
    if (dto.budget.amount < 1) throw RolesException.terms('budget.amount', 'must be at least 1');
    if (cap.amount < 1) throw RolesException.terms('perStudentCap.amount', 'must be at least 1');
    if (dto.startsOn && dto.endsOn && dto.endsOn < dto.startsOn) throw RolesException.terms('endsOn', 'must not be before startsOn');
    return this.tx.run(async (m) => {
      const fundId = await this.funds.idFor(m, dto.fund);
      const [row] = await m.query(
        `INSERT INTO seasons (name, fund_id, currency, budget, per_student_cap, starts_on, ends_on) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (name) DO NOTHING RETURNING id`,
        [dto.name, fundId, dto.budget.currency, dto.budget.amount, cap.amount, dto.startsOn ?? null, dto.endsOn ?? null],
      );
      if (!row) throw RolesException.seasonNameTaken(dto.name);
      const season = await this.view(m, row.id);
      await this.audit.record(m, actor, 'season.create', 'season', row.id, null, season);
      return season;
    });
  }

  async list() {
    const rows: SeasonRow[] = await this.tx.manager.query(`${SELECT} ORDER BY s.created_at DESC`);
    return rows.map(toView);
  }

  get(id: string) {
    return this.tx.run((m) => this.view(m, id));
  }

  move(id: string, dto: SeasonStatusDto, actor: Actor) {
    return this.tx.run(async (m) => {
      const before = await this.lock(m, id);
      if (!canMove(SEASON_MOVES, before.status, dto.status)) throw RolesException.seasonIllegalMove(before.status, dto.status, SEASON_MOVES[before.status]);
      await m.query(`UPDATE seasons SET status = $2, updated_at = now() WHERE id = $1`, [id, dto.status]);
      const after = await this.view(m, id);
      await this.audit.record(m, actor, 'season.status', 'season', id, toView(before), after);
      return after;
    });
  }

  /**
   * Refuses (409) a stipend that would exceed the season's per-student cap or, with what is
   * already committed, its budget. Locks the season row first, so two stipends added at once
   * cannot both squeeze under the budget.
   */
  async assertFits(m: EntityManager, seasonId: string, stipend: bigint, currency: string, fundId: string, replacingRoleId: string | null = null): Promise<void> {
    const season = await this.lock(m, seasonId);
    if (!SEASON_TAKES_STIPENDS.includes(season.status)) throw RolesException.seasonClosed(season.name);
    if (currency !== season.currency) throw RolesException.seasonMismatch('currency', `must be the season's currency ${season.currency}`);
    if (fundId !== season.fund_id) throw RolesException.seasonMismatch('fund', `must be the season's fund "${season.fund}"`);
    const cap = BigInt(season.per_student_cap);
    if (stipend > cap) throw RolesException.overCap(season.name, stipend, cap, season.currency);
    let committed = BigInt(season.committed);
    if (replacingRoleId) {
      const [old] = await m.query(`SELECT total_stipend::text FROM roles WHERE id = $1 AND status <> 'ended'`, [replacingRoleId]);
      if (old) committed -= BigInt(old.total_stipend);
    }
    const budget = BigInt(season.budget);
    if (committed + stipend > budget) throw RolesException.overBudget(season.name, committed, stipend, budget, season.currency);
  }

  private async lock(m: EntityManager, id: string): Promise<SeasonRow> {
    const [locked] = await m.query(`SELECT id FROM seasons WHERE id = $1 FOR UPDATE`, [id]);
    if (!locked) throw RolesException.seasonNotFound(id);
    const [row] = await m.query(`${SELECT} WHERE s.id = $1`, [id]);
    return row;
  }

  private async view(m: EntityManager, id: string) {
    const [row]: SeasonRow[] = await m.query(`${SELECT} WHERE s.id = $1`, [id]);
    if (!row) throw RolesException.seasonNotFound(id);
    return toView(row);
  }
}

function toView(r: SeasonRow) {
  const money = (v: string) => ({ amount: toSafeNumber(v), currency: r.currency });
  return {
    id: r.id,
    name: r.name,
    fund: r.fund,
    status: r.status,
    budget: money(r.budget),
    perStudentCap: money(r.per_student_cap),
    committed: money(r.committed),
    remaining: money((BigInt(r.budget) - BigInt(r.committed)).toString()),
    students: r.students,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
  };
}
