import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { ChangeFeed } from '../database/change-feed.service.js';
import { updateReturning } from '../database/sql.js';
import { TransactionService } from '../database/transaction.service.js';
import type { Actor } from '../users/role.js';
import { CreateFundDto, UpdateFundDto } from './funds.dto.js';
import { FundsException } from './funds.exception.js';

export interface Fund {
  id: string;
  code: string;
  name: string;
  description: string | null;
  restricted: boolean;
  active: boolean;
}

const COLUMNS = `id, code, name, description, restricted, active`;
/** A backstop only: every change to `funds` reaches every instance through the change feed. */
const LIST_MAX_AGE_MS = 30_000;

@Injectable()
export class FundsService {
  /** Fund ids never change and funds are never deleted, so code → id can be remembered. */
  private readonly ids = new Map<string, string>();
  private readonly names = new Map<string, { code: string; name: string }>();
  private kept?: { funds: readonly Fund[]; until: number };
  private generation = 0;

  constructor(
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
    private readonly changes: ChangeFeed,
  ) {
    changes.on('funds', () => this.forgetList());
  }

  /**
   * Every fund, restricted last. Kept between calls while the change feed is live (B7: half the
   * staff pages and `/donate` read it beside their own data, one round trip each): the database
   * announces every change to `funds` to every instance, a list read while one arrived is not
   * kept, and inside a transaction the list is always read (it may hold the transaction's own
   * uncommitted change). Frozen, as it is shared.
   */
  async list(): Promise<readonly Fund[]> {
    const cacheable = this.changes.live && !this.tx.inTransaction;
    if (cacheable && this.kept && performance.now() < this.kept.until) return this.kept.funds;
    const ticket = this.generation;
    const funds: Fund[] = await this.tx.manager.query(`SELECT ${COLUMNS} FROM funds ORDER BY restricted, code`);
    if (!cacheable || ticket !== this.generation || !this.changes.live) return funds;
    const frozen = Object.freeze(funds.map((fund) => Object.freeze(fund)));
    this.kept = { funds: frozen, until: performance.now() + LIST_MAX_AGE_MS };
    return frozen;
  }

  async get(id: string): Promise<Fund> {
    const [fund] = await this.tx.manager.query(`SELECT ${COLUMNS} FROM funds WHERE id = $1`, [id]);
    if (!fund) throw FundsException.missing(id);
    return fund;
  }

  /** The id of an open fund by code (default `general`); a 400 naming the fund otherwise. */
  async idFor(m: EntityManager, code = 'general', { requireActive = true } = {}): Promise<string> {
    const cached = this.ids.get(code);
    if (cached && !requireActive) return cached;
    const [fund] = await m.query(`SELECT id, name, active FROM funds WHERE code = $1`, [code]);
    if (!fund) throw FundsException.notFound(code);
    if (requireActive && !fund.active) throw FundsException.inactive(code);
    this.ids.set(code, fund.id);
    this.names.set(fund.id, { code, name: fund.name });
    return fund.id;
  }

  /** A fund's code and name when this instance has seen it (names are only for emails; a rename shows up after restart). */
  cachedFund(id: string): { code: string; name: string } | undefined {
    return this.names.get(id);
  }

  async create(dto: CreateFundDto, actor: Actor): Promise<Fund> {
    const created = await this.tx.run(async (m) => {
      const [fund] = await m.query(
        `INSERT INTO funds (code, name, description, restricted) VALUES ($1, $2, $3, $4)
         ON CONFLICT (code) DO NOTHING RETURNING ${COLUMNS}`,
        [dto.code, dto.name, dto.description ?? null, dto.restricted ?? true],
      );
      if (!fund) throw FundsException.codeTaken(dto.code);
      await this.audit.record(m, actor, 'fund.create', 'fund', fund.id, null, fund);
      return fund;
    });
    // Here at once; the other instances hear of it from the database (a trigger's NOTIFY), and
    // the answer waits until they all have.
    this.forgetList();
    await this.changes.settled();
    return created;
  }

  async update(id: string, dto: UpdateFundDto, actor: Actor): Promise<Fund> {
    const updated = await this.tx.run(async (m) => {
      const [before] = await m.query(`SELECT ${COLUMNS} FROM funds WHERE id = $1 FOR UPDATE`, [id]);
      if (!before) throw FundsException.missing(id);
      if (before.code === 'general' && dto.active === false) throw FundsException.inactive('general');
      const [after] = await updateReturning<Fund>(
        m,
        `UPDATE funds SET name = COALESCE($2, name), description = COALESCE($3, description), active = COALESCE($4, active), updated_at = now()
         WHERE id = $1 RETURNING ${COLUMNS}`,
        [id, dto.name ?? null, dto.description ?? null, dto.active ?? null],
      );
      this.names.set(id, { code: after.code, name: after.name });
      await this.audit.record(m, actor, 'fund.update', 'fund', id, before, after);
      return after;
    });
    this.forgetList();
    await this.changes.settled();
    return updated;
  }

  private forgetList(): void {
    this.generation++;
    this.kept = undefined;
  }
}
