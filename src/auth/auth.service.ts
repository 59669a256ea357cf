import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { JwtService } from '@nestjs/jwt';
import type { Env } from '../config/env.validation.js';
import { TransactionService } from '../database/transaction.service.js';
import { verifyAgainstNobody, verifyPassword } from '../users/password.js';
import { publicUser, PublicUser, User } from '../users/user.entity.js';
import { AuthException } from './auth.exception.js';
import type { TokenClaims } from './auth.guard.js';
import { LoginThrottle } from './login-throttle.js';

export interface LoginResult {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  user: PublicUser;
}

@Injectable()
export class AuthService {
  private readonly throttle: LoginThrottle;

  constructor(
    private readonly tx: TransactionService,
    private readonly jwt: JwtService,
    private readonly config: ConfigService<Env, true>,
  ) {
    this.throttle = new LoginThrottle({
      freeFailures: config.get('LOGIN_MAX_FAILURES', { infer: true }),
      maxDelayMs: config.get('LOGIN_LOCK_MINUTES', { infer: true }) * 60_000,
    });
  }

  /**
   * Every refusal is the same 401 after the same work (one argon2 verification): a wrong
   * password, an unknown address, an inactive user and a client that must still wait after
   * too many failures all look alike, so nobody learns which addresses exist or are throttled.
   * Failures count per account and client, so a stranger's guesses slow only the stranger.
   */
  async login(email: string, password: string, client: string): Promise<LoginResult> {
    const user = await this.authenticate(email, password, client);
    const expiresIn = this.config.get('JWT_TTL_SECONDS', { infer: true });
    const accessToken = await this.jwt.signAsync({ sub: user.id, ver: user.tokenVersion } satisfies TokenClaims, { expiresIn, algorithm: 'HS256' });
    return { accessToken, tokenType: 'Bearer', expiresIn, user: publicUser(user) };
  }

  /** The active user with this password, under the same throttle for the API and the sign-in page. */
  async authenticate(email: string, password: string, client: string): Promise<User> {
    const account = email.trim().toLowerCase();
    const m = this.tx.manager;
    // A client that must still wait takes the same path as everyone else (the same queries and
    // one argon2 verification, against nobody's hash), so its answer and its timing match a
    // wrong password's. It once skipped the user lookup and answered measurably sooner.
    const mustWait = (await this.throttle.waitMs(m, account, client)) > 0;
    const user = await m.createQueryBuilder(User, 'u').addSelect('u.passwordHash').where('u.email = :email', { email: account }).getOne();
    const checkable = !mustWait && user?.active === true;
    const valid = checkable ? await verifyPassword(user.passwordHash, password) : await verifyAgainstNobody(password);
    if (!checkable || !valid) {
      // Counted while waiting too: a client that keeps hammering only lengthens its own wait.
      await this.throttle.fail(m, account, client);
      throw AuthException.badCredentials();
    }
    await this.throttle.succeed(m, account, client);
    await m.query(`UPDATE users SET last_login_at = now() WHERE id = $1`, [user.id]);
    return user;
  }
}
