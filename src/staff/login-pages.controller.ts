import { Controller, Get, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/access.decorator.js';
import { AuthService } from '../auth/auth.service.js';
import { RateLimited } from '../auth/rate-limit.decorator.js';
import { safeNext, StaffPage } from '../auth/staff-session.js';
import { StaffSessionService } from '../auth/staff-session.service.js';
import { AppException } from '../common/errors/app.exception.js';
import { MaxBody } from '../common/http/max-body.js';
import type { Env } from '../config/env.validation.js';
import { catalogs } from '../i18n/catalogs.js';
import { one } from '../pages/page-form.js';
import { StaffPageExceptionFilter } from './staff-exception.filter.js';
import { StaffRenderService } from './staff-render.service.js';

/**
 * Sign-in and sign-out of the staff pages. Sign-in goes through the API's `AuthService`, so the
 * same throttle and the same single "email or password is wrong" answer apply; it then opens a
 * server-side session instead of handing out a bearer token.
 */
@ApiExcludeController()
@UseFilters(StaffPageExceptionFilter)
@Controller()
export class LoginPagesController {
  private readonly origin: string;

  constructor(
    private readonly staff: StaffRenderService,
    private readonly auth: AuthService,
    private readonly sessions: StaffSessionService,
    config: ConfigService<Env, true>,
  ) {
    this.origin = new URL(config.get('APP_URL', { infer: true })).origin;
  }

  @Get('login')
  @Public()
  async form(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const next = safeNext((request.query as Record<string, unknown>).next);
    if (await this.sessions.resolve(request)) return this.staff.redirect(reply, next);
    await this.show(request, reply, { next }, 200);
  }

  @Post('login')
  @Public()
  @RateLimited('login')
  @MaxBody(8 * 1024)
  async login(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const next = safeNext(one(body.next));
    if (!this.sameSite(request)) return this.show(request, reply, { next, problem: 'origin' }, 403);
    const email = one(body.email) ?? '';
    const password = typeof body.password === 'string' ? body.password : '';
    if (!email || !password) return this.show(request, reply, { next, email, problem: 'missing' }, 400);
    try {
      const user = await this.auth.authenticate(email, password, request.ip);
      await this.sessions.open(reply, user.id, user.tokenVersion);
      this.staff.redirect(reply, next);
    } catch (error) {
      if (!(error instanceof AppException) || error.kind !== 'unauthorized') throw error;
      await this.show(request, reply, { next, email, problem: 'wrong' }, 401);
    }
  }

  @Post('logout')
  @StaffPage('admin', 'treasurer', 'board')
  async logout(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    await this.sessions.close(request, reply);
    this.staff.redirect(reply, '/login', 'signedOut');
  }

  /**
   * No session yet, so no CSRF token: a cross-site form could only sign the visitor in as someone
   * else (login CSRF). Browsers say where a form came from in `Sec-Fetch-Site`; older ones in
   * `Origin`, which is "null" under the `no-referrer` policy these pages send, so only a named
   * foreign origin is refused there. Scripts without either header are not browsers.
   */
  private sameSite(request: FastifyRequest): boolean {
    const site = request.headers['sec-fetch-site'];
    if (site !== undefined) return site === 'same-origin' || site === 'none';
    const origin = request.headers.origin;
    return origin === undefined || origin === 'null' || origin === this.origin;
  }

  private async show(request: FastifyRequest, reply: FastifyReply, model: { next: string; email?: string; problem?: 'missing' | 'wrong' | 'origin' }, status: number) {
    const locale = this.staff.locale(request, reply);
    const errors = model.problem ? [{ field: 'email', href: '#f-email', message: catalogs().t(locale, `staff:login.problem.${model.problem}`) }] : [];
    await this.staff.render(request, reply, 'staff/login', { ...model, error: errors[0]?.message }, { title: 'staff:login.title', errors, status });
  }
}
