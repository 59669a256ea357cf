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
import { AuditService } from '../audit/audit.service.js';
import { page } from '../common/pagination/pagination.dto.js';
import { TransactionService } from '../database/transaction.service.js';
import { hashPassword } from './password.js';
import { publicUser, User } from './user.entity.js';
import { UsersException } from './users.exception.js';
const ACTOR_CACHE_MS = 5_000;
let UsersService = class UsersService {
    tx;
    audit;
    actorCache = new Map();
    constructor(tx, audit) {
        this.tx = tx;
        this.audit = audit;
    }
    async create(dto, actor) {
        const passwordHash = await hashPassword(dto.password);
        return this.tx.run(async (m) => {
            const taken = await m.exists(User, { where: { email: dto.email.toLowerCase() } });
            if (taken)
                throw UsersException.emailTaken(dto.email);
            const user = await m.save(m.create(User, { email: dto.email.toLowerCase(), name: dto.name, roles: dto.roles, passwordHash, active: true, failedLogins: 0 }));
            const shown = publicUser(user);
            await this.audit.record(m, actor, 'user.create', 'user', user.id, null, shown);
            return shown;
        });
    }
    async list(query) {
        const [users, total] = await this.tx.manager.findAndCount(User, { order: { createdAt: 'ASC' }, skip: query.offset, take: query.limit });
        return page(users.map(publicUser), total, query);
    }
    async get(id) {
        const user = await this.tx.manager.findOne(User, { where: { id } });
        if (!user)
            throw UsersException.notFound(id);
        return publicUser(user);
    }
    async update(id, dto, actor) {
        const passwordHash = dto.password ? await hashPassword(dto.password) : undefined;
        const result = await this.tx.run(async (m) => {
            await m.query(`SELECT pg_advisory_xact_lock(7342002)`);
            const user = await m.findOne(User, { where: { id } });
            if (!user)
                throw UsersException.notFound(id);
            const before = publicUser(user);
            const roles = dto.roles ?? user.roles;
            const active = dto.active ?? user.active;
            if (user.active && user.roles.includes('admin') && (!active || !roles.includes('admin'))) {
                await this.assertAnotherAdmin(m, user.id);
            }
            Object.assign(user, { name: dto.name ?? user.name, roles, active });
            if (passwordHash)
                Object.assign(user, { passwordHash, failedLogins: 0, lockedUntil: null });
            const saved = await m.save(user);
            const after = publicUser(saved);
            await this.audit.record(m, actor, dto.password ? 'user.update+password' : 'user.update', 'user', id, before, after);
            return after;
        });
        this.actorCache.delete(id);
        return result;
    }
    deactivate(id, actor) {
        return this.update(id, { active: false }, actor);
    }
    async findActiveActor(id) {
        const cached = this.actorCache.get(id);
        if (cached && Date.now() - cached.at < ACTOR_CACHE_MS)
            return cached.actor;
        const user = /^[0-9a-f-]{36}$/i.test(id) ? await this.tx.manager.findOne(User, { where: { id, active: true } }) : null;
        const actor = user ? { id: user.id, email: user.email, roles: user.roles } : null;
        this.actorCache.set(id, { actor, at: Date.now() });
        return actor;
    }
    async count() {
        return this.tx.manager.count(User);
    }
    async assertAnotherAdmin(m, exceptId) {
        const [{ n }] = await m.query(`SELECT count(*)::int AS n FROM users WHERE active AND 'admin' = ANY(roles) AND id <> $1`, [exceptId]);
        if (n === 0)
            throw UsersException.lastAdmin();
    }
};
UsersService = __decorate([
    Injectable(),
    __metadata("design:paramtypes", [TransactionService,
        AuditService])
], UsersService);
export { UsersService };
//# sourceMappingURL=users.service.js.map