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
import { ConfigService } from '@nestjs/config';
import { JwtService } from '@nestjs/jwt';
import { TransactionService } from '../database/transaction.service.js';
import { verifyAgainstNobody, verifyPassword } from '../users/password.js';
import { publicUser, User } from '../users/user.entity.js';
import { AuthException } from './auth.exception.js';
let AuthService = class AuthService {
    tx;
    jwt;
    config;
    constructor(tx, jwt, config) {
        this.tx = tx;
        this.jwt = jwt;
        this.config = config;
    }
    async login(email, password) {
        const user = await this.tx.manager
            .createQueryBuilder(User, 'u')
            .addSelect('u.passwordHash')
            .where('u.email = :email', { email: email.trim().toLowerCase() })
            .getOne();
        if (!user || !user.active) {
            await verifyAgainstNobody(password);
            throw AuthException.badCredentials();
        }
        if (user.lockedUntil && user.lockedUntil > new Date())
            throw AuthException.locked(user.lockedUntil);
        if (!(await verifyPassword(user.passwordHash, password))) {
            await this.recordFailure(user.id);
            throw AuthException.badCredentials();
        }
        await this.tx.manager.query(`UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = now() WHERE id = $1`, [user.id]);
        const expiresIn = this.config.get('JWT_TTL_SECONDS', { infer: true });
        const accessToken = await this.jwt.signAsync({ sub: user.id }, { expiresIn, algorithm: 'HS256' });
        return { accessToken, tokenType: 'Bearer', expiresIn, user: publicUser(user) };
    }
    async recordFailure(userId) {
        const max = this.config.get('LOGIN_MAX_FAILURES', { infer: true });
        const minutes = this.config.get('LOGIN_LOCK_MINUTES', { infer: true });
        await this.tx.manager.query(`UPDATE users SET
         locked_until = CASE WHEN failed_logins + 1 >= $2 THEN now() + make_interval(mins => $3) ELSE locked_until END,
         failed_logins = CASE WHEN failed_logins + 1 >= $2 THEN 0 ELSE failed_logins + 1 END
       WHERE id = $1`, [userId, max, minutes]);
    }
};
AuthService = __decorate([
    Injectable(),
    __metadata("design:paramtypes", [TransactionService,
        JwtService,
        ConfigService])
], AuthService);
export { AuthService };
//# sourceMappingURL=auth.service.js.map