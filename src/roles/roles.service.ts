import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { toSafeNumber } from '../common/money/money.js';
import { Page } from '../common/pagination/pagination.dto.js';
import { todayUtc } from '../common/util/months.js';
import { TransactionService } from '../database/transaction.service.js';
import { FundsService } from '../funds/funds.service.js';
import { canMove } from '../common/state-machine/state-machine.js';
import type { Actor } from '../users/role.js';
import { evenStipendSchedule, Instalment, RoleTerms } from './role-schedule.js';
import { COMMITTED, ROLE_MOVES, RoleKind, RoleStatus } from './role-status.js';
import { CreateRoleDto, RolesQuery, RoleStatusDto, UpdateRoleDto } from './roles.dto.js';
import { RolesException } from './roles.exception.js';
import { SeasonsService } from './seasons.service.js';

export interface RoleRow {
  id: string;
  title: string;
  kind: RoleKind;
  holder_name: string | null;
  holder_email: string | null;
  fund_id: string;
  fund: string;
  currency: string;
  monthly_cost: string | null;
  total_stipend: string | null;
  schedule: { dueOn: string; amount: string }[] | null;
  season_id: string | null;
  starts_on: string;
  ends_on: string | null;
  status: RoleStatus;
  public: boolean;
  public_description: string | null;
  posting_description: string | null;
  posting_what_to_send: string | null;
  posting_deadline: string | null;
  paid: string;
  created_at: Date;
}

export const ROLE_SELECT = `
  SELECT r.id, r.title, r.kind, r.holder_name, r.holder_email, r.fund_id, f.code AS fund, r.currency::text AS currency,
         r.monthly_cost::text, r.total_stipend::text, r.schedule, r.season_id,
         to_char(r.starts_on, 'YYYY-MM-DD') AS starts_on, to_char(r.ends_on, 'YYYY-MM-DD') AS ends_on,
         r.status, r.public, r.public_description, r.created_at,
         r.posting_description, r.posting_what_to_send, to_char(r.posting_deadline, 'YYYY-MM-DD') AS posting_deadline,
         (SELECT COALESCE(sum(p.amount), 0)::text FROM role_payments p WHERE p.role_id = r.id AND p.reversal_entry_id IS NULL) AS paid
  FROM roles r JOIN funds f ON f.id = r.fund_id`;

export function termsOf(r: RoleRow): RoleTerms {
  return {
    monthlyCost: r.monthly_cost === null ? null : BigInt(r.monthly_cost),
    schedule: r.schedule?.map((i) => ({ dueOn: i.dueOn, amount: BigInt(i.amount) })) ?? null,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
  };
}

/** Funded roles (SPEC §7): what they cost, who holds them, and their status machine. */
@Injectable()
export class RolesService {
  constructor(
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
    private readonly funds: FundsService,
    private readonly seasons: SeasonsService,
  ) {}

  create(dto: CreateRoleDto, actor: Actor) {
    const schedule = checkTerms(dto);
    const status = dto.status ?? 'planned';
    if (status === 'active' && !dto.holder) throw RolesException.needsHolder();
    return this.tx.run(async (m) => {
      const fundId = await this.funds.idFor(m, dto.fund);
      if (dto.kind === 'stipend') await this.seasons.assertFits(m, dto.seasonId!, BigInt(dto.totalStipend!), dto.currency, fundId);
      const [{ id }] = await m.query(
        `INSERT INTO roles (title, kind, holder_name, holder_email, fund_id, currency, monthly_cost, total_stipend, schedule, season_id,
                            starts_on, ends_on, status, public, public_description, posting_description, posting_what_to_send, posting_deadline)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) RETURNING id`,
        [
          dto.title,
          dto.kind,
          dto.holder?.name ?? null,
          dto.holder?.email ?? null,
          fundId,
          dto.currency,
          dto.monthlyCost ?? null,
          dto.totalStipend ?? null,
          schedule ? JSON.stringify(schedule.map((i) => ({ dueOn: i.dueOn, amount: i.amount.toString() }))) : null,
          dto.seasonId ?? null,
          dto.startsOn,
          dto.endsOn ?? null,
          status,
          dto.public ?? false,
          dto.publicDescription ?? null,
          dto.posting?.description ?? null,
          dto.posting?.whatToSend ?? null,
          dto.posting?.deadline ?? null,
        ],
      );
      const role = await this.view(m, id);
      await this.audit.record(m, actor, 'role.create', 'role', id, null, role);
      return role;
    });
  }

  async list(query: RolesQuery): Promise<Page<ReturnType<typeof toRoleView>>> {
    const where = `($1::text IS NULL OR r.status = $1) AND ($2::text IS NULL OR r.kind = $2) AND ($3::text IS NULL OR f.code = $3)`;
    const params = [query.status ?? null, query.kind ?? null, query.fund ?? null];
    const [{ total }] = await this.tx.manager.query(`SELECT count(*)::int AS total FROM roles r JOIN funds f ON f.id = r.fund_id WHERE ${where}`, params);
    const rows: RoleRow[] = await this.tx.manager.query(`${ROLE_SELECT} WHERE ${where} ORDER BY r.starts_on, r.title OFFSET $4 LIMIT $5`, [...params, query.offset, query.limit]);
    return { items: rows.map(toRoleView), total, page: query.page, limit: query.limit };
  }

  get(id: string) {
    return this.tx.run((m) => this.view(m, id));
  }

  update(id: string, dto: UpdateRoleDto, actor: Actor) {
    return this.tx.run(async (m) => {
      const before = await this.lock(m, id);
      if (dto.monthlyCost !== undefined && before.kind === 'stipend') throw RolesException.terms('monthlyCost', 'does not apply to a stipend (its total and schedule are fixed)');
      if (dto.endsOn !== undefined && dto.endsOn < before.starts_on) throw RolesException.terms('endsOn', `must not be before startsOn (${before.starts_on})`);
      await m.query(
        `UPDATE roles SET title = COALESCE($2, title), holder_name = COALESCE($3, holder_name), holder_email = COALESCE($4, holder_email),
                monthly_cost = COALESCE($5, monthly_cost), ends_on = COALESCE($6::date, ends_on), public = COALESCE($7, public),
                public_description = COALESCE($8, public_description), updated_at = now(),
                -- A posting is replaced as a whole: a deadline left out means open until filled.
                posting_description = CASE WHEN $9 THEN $10 ELSE posting_description END,
                posting_what_to_send = CASE WHEN $9 THEN $11 ELSE posting_what_to_send END,
                posting_deadline = CASE WHEN $9 THEN $12::date ELSE posting_deadline END
         WHERE id = $1`,
        [
          id,
          dto.title ?? null,
          dto.holder?.name ?? null,
          dto.holder?.email ?? null,
          dto.monthlyCost ?? null,
          dto.endsOn ?? null,
          dto.public ?? null,
          dto.publicDescription ?? null,
          dto.posting !== undefined,
          dto.posting?.description ?? null,
          dto.posting?.whatToSend ?? null,
          dto.posting?.deadline ?? null,
        ],
      );
      const after = await this.view(m, id);
      await this.audit.record(m, actor, 'role.update', 'role', id, toRoleView(before), after);
      return after;
    });
  }

  /** A status move (409 when the machine forbids it); becoming active needs a holder, ending sets the end date. */
  move(id: string, dto: RoleStatusDto, actor: Actor) {
    return this.tx.run((m) => this.moveIn(m, id, dto, actor));
  }

  /** The same move inside the caller's transaction (hiring an applicant makes the role active with them). */
  async moveIn(m: EntityManager, id: string, dto: RoleStatusDto, actor: Actor) {
    const before = await this.lock(m, id);
    if (!canMove(ROLE_MOVES, before.status, dto.status)) throw RolesException.illegalMove(before.status, dto.status, ROLE_MOVES[before.status]);
    const holder = dto.holder ?? (before.holder_name ? { name: before.holder_name, email: before.holder_email! } : null);
    if (dto.status === 'active' && !holder) throw RolesException.needsHolder();
    await m.query(
      `UPDATE roles SET status = $2, holder_name = $3, holder_email = $4, updated_at = now(),
              -- An ended role ends today at the latest (never before it started), so its schedule stops.
              ends_on = CASE WHEN $2 = 'ended' THEN GREATEST(starts_on, LEAST(COALESCE(ends_on, $5::date), $5::date)) ELSE ends_on END
       WHERE id = $1`,
      [id, dto.status, holder?.name ?? null, holder?.email ?? null, todayUtc()],
    );
    const after = await this.view(m, id);
    await this.audit.record(m, actor, 'role.status', 'role', id, toRoleView(before), { ...after, note: dto.note ?? null });
    return after;
  }

  /** Roles that still cost money (planned, hiring, active) with what each was paid since `since`, for the runway. */
  async committed(m: EntityManager, since: string): Promise<(RoleRow & { paid_since: string })[]> {
    return m.query(
      `SELECT x.*, (SELECT COALESCE(sum(p.amount), 0)::text FROM role_payments p
                    WHERE p.role_id = x.id AND p.reversal_entry_id IS NULL AND p.paid_on >= $2::date) AS paid_since
       FROM (${ROLE_SELECT} WHERE r.status = ANY($1)) x ORDER BY x.starts_on, x.title`,
      [COMMITTED, since],
    );
  }

  /** The role's row, locked for the rest of the transaction (status moves and payments queue on it). */
  async lock(m: EntityManager, id: string): Promise<RoleRow> {
    const [locked] = await m.query(`SELECT id FROM roles WHERE id = $1 FOR UPDATE`, [id]);
    if (!locked) throw RolesException.notFound(id);
    const [row] = await m.query(`${ROLE_SELECT} WHERE r.id = $1`, [id]);
    return row;
  }

  private async view(m: EntityManager, id: string) {
    const [row]: RoleRow[] = await m.query(`${ROLE_SELECT} WHERE r.id = $1`, [id]);
    if (!row) throw RolesException.notFound(id);
    return toRoleView(row);
  }
}

/** The cost terms fit the kind; a stipend's schedule is given (summing to the total) or split evenly. */
function checkTerms(dto: CreateRoleDto): Instalment[] | null {
  if (dto.endsOn && dto.endsOn < dto.startsOn) throw RolesException.terms('endsOn', 'must not be before startsOn');
  if (dto.kind !== 'stipend') {
    if (dto.monthlyCost === undefined) throw RolesException.terms('monthlyCost', `is required for a ${dto.kind} role`);
    for (const field of ['totalStipend', 'schedule', 'seasonId'] as const) if (dto[field] !== undefined) throw RolesException.terms(field, 'applies to stipends only');
    return null;
  }
  if (dto.totalStipend === undefined) throw RolesException.terms('totalStipend', 'is required for a stipend');
  if (dto.monthlyCost !== undefined) throw RolesException.terms('monthlyCost', 'does not apply to a stipend (give totalStipend)');
  if (!dto.seasonId) throw RolesException.terms('seasonId', 'is required: a stipend belongs to a season');
  const total = BigInt(dto.totalStipend);
  if (!dto.schedule) return evenStipendSchedule(total, dto.startsOn, dto.endsOn ?? null);
  const schedule = dto.schedule.map((i) => ({ dueOn: i.dueOn, amount: BigInt(i.amount) })).sort((a, b) => a.dueOn.localeCompare(b.dueOn));
  const sum = schedule.reduce((s, i) => s + i.amount, 0n);
  if (sum !== total) throw RolesException.terms('schedule', `instalments sum to ${sum}, not the totalStipend ${total}`);
  return schedule;
}

export function toRoleView(r: RoleRow) {
  const money = (v: string | null) => (v === null ? null : { amount: toSafeNumber(v), currency: r.currency });
  return {
    id: r.id,
    title: r.title,
    kind: r.kind,
    status: r.status,
    holder: r.holder_name ? { name: r.holder_name, email: r.holder_email } : null,
    fund: r.fund,
    currency: r.currency,
    monthlyCost: money(r.monthly_cost),
    totalStipend: money(r.total_stipend),
    schedule: r.schedule?.map((i) => ({ dueOn: i.dueOn, amount: toSafeNumber(i.amount) })) ?? null,
    seasonId: r.season_id,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    public: r.public,
    publicDescription: r.public_description,
    posting: r.posting_description === null ? null : { description: r.posting_description, whatToSend: r.posting_what_to_send, deadline: r.posting_deadline },
    paid: money(r.paid),
    createdAt: r.created_at,
  };
}
