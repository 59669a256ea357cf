var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
import { randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { TransactionService } from './database/transaction.service.js';
import { SYSTEM_ACTOR } from './users/role.js';
import { UsersService } from './users/users.service.js';
let BootstrapService = class BootstrapService {
    users;
    tx;
    config;
    logger = new Logger('Bootstrap');
    firstAdmin;
    constructor(users, tx, config) {
        this.users = users;
        this.tx = tx;
        this.config = config;
    }
    async onApplicationBootstrap() {
        const email = this.config.get('ADMIN_EMAIL', { infer: true }) ?? 'admin@coffer.local';
        const configured = this.config.get('ADMIN_PASSWORD', { infer: true });
        const password = configured ?? randomBytes(12).toString('base64url');
        const created = await this.tx.run(async (m) => {
            await m.query(`SELECT pg_advisory_xact_lock(7342003)`);
            if ((await this.users.count()) > 0)
                return false;
            await this.users.create({ email, name: 'Administrator', roles: ['admin'], password }, SYSTEM_ACTOR);
            return true;
        });
        if (created) {
            this.firstAdmin = { email, generatedPassword: configured ? undefined : password };
            this.logger.log('Created the first admin user');
        }
    }
};
BootstrapService = __decorate([
    Injectable(),
    __metadata("design:paramtypes", [UsersService,
        TransactionService,
        ConfigService])
], BootstrapService);
export { BootstrapService };
//# sourceMappingURL=bootstrap.service.js.map