import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { FastifyRequest } from 'fastify';
import { UsersService } from '../users/users.service.js';
import type { Actor, Role } from '../users/role.js';
import { Access, ACCESS_KEY } from './access.decorator.js';
import { AuthException } from './auth.exception.js';
import { SignInRequired, STAFF_PAGE_KEY } from './staff-session.js';
import { csrfMatches, StaffSession, StaffSessionService } from './staff-session.service.js';

export interface TokenClaims {
  sub: string;
  /** The user's token_version when it was issued: a password or role change bumps it. */
  ver: number;
}

/**
 * Global guard: every route is refused unless it names its roles or calls itself public.
 * The user is re-read on each request (cached briefly) so that a deactivation or a change of
 * roles takes effect within seconds, not when the token expires.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger(AuthGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly users: UsersService,
    private readonly sessions: StaffSessionService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const access = this.reflector.getAllAndOverride<Access | undefined>(ACCESS_KEY, [context.getHandler(), context.getClass()]);
    if (!access) {
      this.logger.error(`${context.getClass().name}.${context.getHandler().name} declares no access rule`);
      throw AuthException.undeclaredRoute();
    }
    if (access.public) return true;

    const request = context.switchToHttp().getRequest<FastifyRequest & { actor?: Actor; staffSession?: StaffSession }>();
    if (this.reflector.getAllAndOverride<boolean | undefined>(STAFF_PAGE_KEY, [context.getHandler(), context.getClass()])) {
      return this.staffPage(request, access.roles);
    }
    const header = request.headers.authorization ?? '';
    const match = /^Bearer ([A-Za-z0-9._-]+)$/.exec(header);
    if (!match) throw AuthException.missingToken();
    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims>(match[1], { algorithms: ['HS256'] });
    } catch {
      throw AuthException.badToken();
    }
    const found = await this.users.findActiveActor(claims.sub);
    if (!found || found.tokenVersion !== (claims.ver ?? 0)) throw AuthException.badToken();
    const user = found.actor;
    if (!user.roles.some((role) => access.roles.includes(role))) throw AuthException.roleNotAllowed(access.roles);
    request.actor = user;
    return true;
  }

  /** Staff pages: the session cookie, never a bearer token; every POST carries the session's CSRF token. */
  private async staffPage(request: FastifyRequest & { actor?: Actor; staffSession?: StaffSession }, roles: Role[]): Promise<boolean> {
    const session = await this.sessions.resolve(request);
    // A form posted after the session ended cannot be replayed after signing in: back to the start.
    if (!session) throw new SignInRequired(request.method === 'GET' ? request.url : '/staff');
    // Known before any refusal, so a 403 page still shows the person's navigation and sign-out.
    request.staffSession = session;
    if (request.method !== 'GET' && request.method !== 'HEAD' && !csrfMatches(request, session.csrf)) throw AuthException.badCsrf();
    if (!session.actor.roles.some((role) => roles.includes(role))) throw AuthException.roleNotAllowed(roles);
    request.actor = session.actor;
    return true;
  }
}
