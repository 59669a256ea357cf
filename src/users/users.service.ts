import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { Page, page, PaginationQuery } from '../common/pagination/pagination.dto.js';
import { ChangeFeed } from '../database/change-feed.service.js';
import { TransactionService } from '../database/transaction.service.js';
import { hashPassword } from './password.js';
import { Actor } from './role.js';
import { publicUser, PublicUser, User } from './user.entity.js';
import { CreateUserDto, UpdateUserDto } from './users.dto.js';
import { UsersException } from './users.exception.js';

const ACTOR_CACHE_MS = 5_000;

export interface ActiveActor {
  actor: Actor;
  tokenVersion: number;
}

@Injectable()
export class UsersService {
  private readonly actorCache = new Map<string, { found: ActiveActor | null; at: number }>();

  constructor(
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
    private readonly changes: ChangeFeed,
  ) {}

  async create(dto: CreateUserDto, actor: Actor): Promise<PublicUser> {
    const passwordHash = await hashPassword(dto.password);
    return this.tx.run(async (m) => {
      const taken = await m.exists(User, { where: { email: dto.email.toLowerCase() } });
      if (taken) throw UsersException.emailTaken(dto.email);
      const user = await m.save(m.create(User, { email: dto.email.toLowerCase(), name: dto.name, roles: dto.roles, passwordHash, active: true, failedLogins: 0, tokenVersion: 0 }));
      const shown = publicUser(user);
      await this.audit.record(m, actor, 'user.create', 'user', user.id, null, shown);
      return shown;
    });
  }

  async list(query: PaginationQuery): Promise<Page<PublicUser>> {
    const [users, total] = await this.tx.manager.findAndCount(User, { order: { createdAt: 'ASC' }, skip: query.offset, take: query.limit });
    return page(users.map(publicUser), total, query);
  }

  async get(id: string): Promise<PublicUser> {
    const user = await this.tx.manager.findOne(User, { where: { id } });
    if (!user) throw UsersException.notFound(id);
    return publicUser(user);
  }

  async update(id: string, dto: UpdateUserDto, actor: Actor): Promise<PublicUser> {
    const passwordHash = dto.password ? await hashPassword(dto.password) : undefined;
    const result = await this.tx.run(async (m) => {
      // Row lock: two admins editing at once must not both remove "the other" last admin.
      await m.query(`SELECT pg_advisory_xact_lock(7342002)`);
      const user = await m.findOne(User, { where: { id } });
      if (!user) throw UsersException.notFound(id);
      const before = publicUser(user);
      const roles = dto.roles ?? user.roles;
      const active = dto.active ?? user.active;
      if (user.active && user.roles.includes('admin') && (!active || !roles.includes('admin'))) {
        await this.assertAnotherAdmin(m, user.id);
      }
      const rolesChanged = [...roles].sort().join() !== [...user.roles].sort().join();
      Object.assign(user, { name: dto.name ?? user.name, roles, active });
      if (passwordHash) Object.assign(user, { passwordHash, failedLogins: 0, lockedUntil: null });
      // Tokens carry this version: a new password or other roles end every session issued before.
      if (passwordHash || rolesChanged) user.tokenVersion += 1;
      const saved = await m.save(user);
      const after = publicUser(saved);
      await this.audit.record(m, actor, dto.password ? 'user.update+password' : 'user.update', 'user', id, before, after);
      return after;
    });
    this.actorCache.delete(id);
    // The staff sessions every instance keeps (StaffSessionCache) hear of the change from the
    // database; waiting until they all have means no instance answers the next request from the old.
    await this.changes.settled();
    return result;
  }

  deactivate(id: string, actor: Actor): Promise<PublicUser> {
    return this.update(id, { active: false }, actor);
  }

  /** The user behind a token, if still active, with the token version; briefly cached to keep the guard cheap. */
  async findActiveActor(id: string): Promise<ActiveActor | null> {
    const cached = this.actorCache.get(id);
    if (cached && Date.now() - cached.at < ACTOR_CACHE_MS) return cached.found;
    const user = typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id) ? await this.tx.manager.findOne(User, { where: { id, active: true } }) : null;
    const found = user ? { actor: { id: user.id, email: user.email, roles: user.roles }, tokenVersion: user.tokenVersion } : null;
    this.actorCache.set(id, { found, at: Date.now() });
    return found;
  }

  async count(): Promise<number> {
    return this.tx.manager.count(User);
  }

  private async assertAnotherAdmin(m: EntityManager, exceptId: string): Promise<void> {
    const [{ n }] = await m.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM users WHERE active AND 'admin' = ANY(roles) AND id <> $1`, [exceptId]);
    if (n === 0) throw UsersException.lastAdmin();
  }
}
