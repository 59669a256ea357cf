import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { FieldProblem } from '../common/errors/app.exception.js';
import { InvalidInputException } from '../common/errors/app.exception.js';
import { updateReturning } from '../database/sql.js';
import { TransactionService } from '../database/transaction.service.js';
import type { Actor } from '../users/role.js';
import { ImportProfileDto, UpdateImportProfileDto } from './import-profile.dto.js';
import { ImportsException } from './imports.exception.js';
import { SHIPPED_PROFILES } from './bank-profiles.js';
import type { BankCsvProfile } from './parsing/bank-csv.js';

export interface StoredProfile extends BankCsvProfile {
  /** null for a profile shipped with Coffer (see bank-profiles.ts) that nobody replaced. */
  id: string | null;
  shipped: boolean;
  createdAt: string | null;
  updatedAt: string | null;
}

function shipped(config: BankCsvProfile): StoredProfile {
  return { ...config, id: null, shipped: true, createdAt: null, updatedAt: null };
}

/** The rules a single field's validator cannot see: which column combinations make sense. */
function checkCombination(p: Omit<BankCsvProfile, 'name'>): void {
  const problems: FieldProblem[] = [];
  const split = Boolean(p.debitColumn) || Boolean(p.creditColumn);
  if (p.amountColumn && split) problems.push({ field: 'amountColumn', message: 'give amountColumn or debitColumn + creditColumn, not both' });
  if (!p.amountColumn && !(p.debitColumn && p.creditColumn)) problems.push({ field: 'amountColumn', message: 'give amountColumn, or both debitColumn and creditColumn' });
  if (Boolean(p.currencyColumn) === Boolean(p.currency)) problems.push({ field: 'currency', message: 'give exactly one of currency and currencyColumn' });
  if (p.account && p.accountColumn) problems.push({ field: 'account', message: 'give account or accountColumn, not both' });
  if (Boolean(p.statusColumn) !== Boolean(p.bookedStatuses?.length)) problems.push({ field: 'statusColumn', message: 'give statusColumn and bookedStatuses together' });
  if (problems.length) throw new InvalidInputException(`Invalid profile: ${problems.map((x) => x.message).join('; ')}`, problems);
}

function toConfig(name: string, dto: Omit<ImportProfileDto, 'name'>): BankCsvProfile {
  const config = { ...dto, name };
  for (const key of Object.keys(config) as (keyof BankCsvProfile)[]) if (config[key] === undefined) delete config[key];
  return config;
}

@Injectable()
export class ImportProfilesService {
  constructor(
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
  ) {}

  async create(dto: ImportProfileDto, actor: Actor): Promise<StoredProfile> {
    checkCombination(dto);
    const config = toConfig(dto.name, dto);
    return this.tx.run(async (m) => {
      const [row] = await m.query(
        `INSERT INTO import_profiles (name, config) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING RETURNING id, created_at AS "createdAt", updated_at AS "updatedAt"`,
        [dto.name, JSON.stringify(config)],
      );
      if (!row) throw ImportsException.profileExists(dto.name);
      await this.audit.record(m, actor, 'import_profile.create', 'import_profile', row.id, null, config);
      return { ...config, ...row, shipped: false };
    });
  }

  async update(name: string, dto: UpdateImportProfileDto, actor: Actor): Promise<StoredProfile> {
    checkCombination(dto);
    const config = toConfig(name, dto);
    return this.tx.run(async (m) => {
      const [before] = await m.query(`SELECT id, config FROM import_profiles WHERE name = $1 FOR UPDATE`, [name]);
      if (!before) throw ImportsException.profileNotFound(name);
      const [row] = await updateReturning<{ id: string; createdAt: string; updatedAt: string }>(
        m,
        `UPDATE import_profiles SET config = $2, updated_at = now() WHERE id = $1 RETURNING id, created_at AS "createdAt", updated_at AS "updatedAt"`,
        [before.id, JSON.stringify(config)],
      );
      await this.audit.record(m, actor, 'import_profile.update', 'import_profile', before.id, before.config, config);
      return { ...config, ...row, shipped: false };
    });
  }

  /** The stored profiles and the shipped ones nobody replaced, by name. */
  async list(): Promise<StoredProfile[]> {
    const rows = await this.tx.manager.query(`SELECT id, config, created_at AS "createdAt", updated_at AS "updatedAt" FROM import_profiles ORDER BY name`);
    const stored: StoredProfile[] = rows.map((r: { id: string; config: BankCsvProfile; createdAt: string; updatedAt: string }) => ({
      ...r.config,
      id: r.id,
      shipped: false,
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
    }));
    const names = new Set(stored.map((p) => p.name));
    const builtIn = Object.values(SHIPPED_PROFILES)
      .filter((p) => !names.has(p.name))
      .map(shipped);
    return [...stored, ...builtIn].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** The names `list()` gives, without reading the configurations (the month page's import form offers only the names). */
  async names(): Promise<string[]> {
    const rows: { name: string }[] = await this.tx.manager.query(`SELECT name FROM import_profiles`);
    const names = new Set([...rows.map((r) => r.name), ...Object.values(SHIPPED_PROFILES).map((p) => p.name)]);
    return [...names].sort((a, b) => a.localeCompare(b));
  }

  async get(name: string): Promise<StoredProfile> {
    const [row] = await this.tx.manager.query(`SELECT id, config, created_at AS "createdAt", updated_at AS "updatedAt" FROM import_profiles WHERE name = $1`, [name]);
    if (row) return { ...row.config, id: row.id, shipped: false, createdAt: row.createdAt, updatedAt: row.updatedAt };
    if (Object.hasOwn(SHIPPED_PROFILES, name)) return shipped(SHIPPED_PROFILES[name]);
    throw ImportsException.profileNotFound(name);
  }

  /** For an upload: the stored profile of that name, else the shipped one, or a 400 naming the field. */
  async load(name: string): Promise<{ id: string | null; config: BankCsvProfile }> {
    const [row] = await this.tx.manager.query(`SELECT id, config FROM import_profiles WHERE name = $1`, [name]);
    if (row) return row;
    if (Object.hasOwn(SHIPPED_PROFILES, name)) return { id: null, config: SHIPPED_PROFILES[name] };
    throw ImportsException.unknownProfile(name);
  }
}
