import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Env } from '../config/env.validation.js';
import { TransactionService } from '../database/transaction.service.js';
import { readCookie } from '../pages/page-locale.js';
import type { Actor, Role } from '../users/role.js';
import { hashToken, looksLikeToken, newToken } from './access-token.js';
import { StaffSessionCache } from './staff-session-cache.js';
import { SECURE_SESSION_COOKIE, SESSION_COOKIE } from './staff-session.js';

export interface StaffSession {
  actor: Actor;
  name: string;
  csrf: string;
}

/** A session seen within this long is not written again: one UPDATE a minute, not one a request. */
const TOUCH_AFTER_MS = 60_000;

/**
 * Server-side sessions of the staff pages. The cookie holds 256 random bits; the table holds
 * their SHA-256. A session counts only while its user is active with the same token version it
 * was opened with, so logout, a password or role change and deactivation all end it at once.
 */
@Injectable()
export class StaffSessionService {
  private readonly idleMs: number;
  readonly secure: boolean;
  readonly cookieName: string;

  constructor(
    private readonly tx: TransactionService,
    config: ConfigService<Env, true>,
    private readonly cache: StaffSessionCache,
  ) {
    this.idleMs = config.get('SESSION_IDLE_MINUTES', { infer: true }) * 60_000;
    this.secure = (config.get('APP_URL', { infer: true }) ?? '').startsWith('https:');
    this.cookieName = this.secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
  }

  async open(reply: FastifyReply, userId: string, tokenVersion: number): Promise<void> {
    const token = newToken();
    const csrf = randomBytes(32).toString('base64url');
    // The user's own dead sessions go when a new one opens: the table never grows without bound.
    await this.tx.manager.query(
      `DELETE FROM staff_sessions s USING users u WHERE s.user_id = $1 AND u.id = s.user_id AND (s.expires_at <= now() OR u.token_version <> s.token_version)`,
      [userId],
    );
    await this.tx.manager.query(`INSERT INTO staff_sessions (id, user_id, token_version, csrf_token, expires_at) VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5))`, [
      hashToken(token),
      userId,
      tokenVersion,
      csrf,
      this.idleMs / 1000,
    ]);
    this.setCookie(reply, token, Math.round(this.idleMs / 1000));
  }

  /** The live session behind the request's cookie, or null; slides its expiry. */
  async resolve(request: FastifyRequest): Promise<StaffSession | null> {
    const token = readCookie(request.headers.cookie, this.cookieName);
    if (!token || !looksLikeToken(token)) return null;
    const id = hashToken(token);
    const key = id.toString('hex');
    const kept = this.cache.get(key);
    if (kept) return kept;
    const ticket = this.cache.ticket();
    // Before the read: the database's clock is at least this far on when it answers, so the
    // deadlines below, counted from here, fall before the touch and the expiry it reports.
    const started = performance.now();
    // Every staff request pays this lookup, so it goes as one simple-protocol message (one
    // socket write, no Parse/Bind/Describe/Execute/Sync): the profile showed the extended
    // protocol's corked writev as the costliest part of a staff page's database time. The only
    // value is the SHA-256 digest, written as hex that this code produced, never request text.
    const [row] = await this.tx.manager.query(
      `SELECT u.id, u.email, u.name, u.roles, s.csrf_token AS csrf, (extract(epoch FROM now() - s.last_seen_at) * 1000)::bigint AS "idleMs",
              (extract(epoch FROM s.expires_at - now()) * 1000)::bigint AS "leftMs"
         FROM staff_sessions s JOIN users u ON u.id = s.user_id
        WHERE s.id = '\\x${key}'::bytea AND s.expires_at > now() AND u.active AND u.token_version = s.token_version`,
    );
    if (!row) return null;
    let idleMs = Number(row.idleMs);
    let leftMs = Number(row.leftMs);
    if (idleMs > TOUCH_AFTER_MS) {
      await this.tx.manager.query(`UPDATE staff_sessions SET last_seen_at = now(), expires_at = now() + make_interval(secs => $2) WHERE id = $1`, [id, this.idleMs / 1000]);
      idleMs = 0;
      leftMs = this.idleMs;
    }
    const session: StaffSession = Object.freeze({
      actor: Object.freeze({ id: row.id, email: row.email, roles: Object.freeze(row.roles) as Role[] }),
      name: row.name,
      csrf: row.csrf,
    });
    // Kept until the next touch is due, so last_seen_at is written on the same requests as without the cache.
    this.cache.set(key, session.actor.id, session, started + Math.min(TOUCH_AFTER_MS - idleMs, leftMs), ticket);
    return session;
  }

  /** Logout: the row goes, so the cookie opens nothing even if it was copied. */
  async close(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const token = readCookie(request.headers.cookie, this.cookieName);
    if (token && looksLikeToken(token)) {
      const id = hashToken(token);
      await this.tx.manager.query(`DELETE FROM staff_sessions WHERE id = $1`, [id]);
      // Here at once; the other instances hear of it from the database (a trigger's NOTIFY), and
      // the answer waits until they all have.
      this.cache.forget(id.toString('hex'));
      await this.cache.settled();
    }
    this.setCookie(reply, '', 0);
  }

  private setCookie(reply: FastifyReply, value: string, maxAge: number): void {
    void reply.header('set-cookie', this.cookieHeader(this.cookieName, value, { path: '/', maxAge, sameSite: 'Lax' }));
  }

  /**
   * A `Set-Cookie` value for the staff pages with the session cookie's rules: HttpOnly, and
   * Secure when `APP_URL` is https (the value is written as given; encode it first).
   */
  cookieHeader(name: string, value: string, options: { path: string; maxAge: number; sameSite: 'Lax' | 'Strict' }): string {
    const secure = this.secure ? '; Secure' : '';
    return `${name}=${value}; Path=${options.path}; Max-Age=${options.maxAge}; HttpOnly; SameSite=${options.sameSite}${secure}`;
  }
}

/** The form's `_csrf` (or, for a multipart upload, the query's) against the session's, in constant time. */
export function csrfMatches(request: FastifyRequest, expected: string): boolean {
  const body = request.body as Record<string, unknown> | undefined;
  const query = request.query as Record<string, unknown> | undefined;
  const given = typeof body?._csrf === 'string' ? body._csrf : typeof query?._csrf === 'string' ? query._csrf : '';
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
