var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
var AuthGuard_1;
import { Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { UsersService } from '../users/users.service.js';
import { ACCESS_KEY } from './access.decorator.js';
import { AuthException } from './auth.exception.js';
let AuthGuard = AuthGuard_1 = class AuthGuard {
    reflector;
    jwt;
    users;
    logger = new Logger(AuthGuard_1.name);
    constructor(reflector, jwt, users) {
        this.reflector = reflector;
        this.jwt = jwt;
        this.users = users;
    }
    async canActivate(context) {
        const access = this.reflector.getAllAndOverride(ACCESS_KEY, [context.getHandler(), context.getClass()]);
        if (!access) {
            this.logger.error(`${context.getClass().name}.${context.getHandler().name} declares no access rule`);
            throw AuthException.undeclaredRoute();
        }
        if (access.public)
            return true;
        const request = context.switchToHttp().getRequest();
        const header = request.headers.authorization ?? '';
        const match = /^Bearer ([A-Za-z0-9._-]+)$/.exec(header);
        if (!match)
            throw AuthException.missingToken();
        let claims;
        try {
            claims = await this.jwt.verifyAsync(match[1], { algorithms: ['HS256'] });
        }
        catch {
            throw AuthException.badToken();
        }
        const user = await this.users.findActiveActor(claims.sub);
        if (!user)
            throw AuthException.badToken();
        if (!user.roles.some((role) => access.roles.includes(role)))
            throw AuthException.roleNotAllowed(access.roles);
        request.actor = user;
        return true;
    }
};
AuthGuard = AuthGuard_1 = __decorate([
    Injectable(),
    __metadata("design:paramtypes", [Reflector,
        JwtService,
        UsersService])
], AuthGuard);
export { AuthGuard };
//# sourceMappingURL=auth.guard.js.map