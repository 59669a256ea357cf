import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { JwtService } from '@nestjs/jwt';
import type { Env } from '../config/env.validation.js';
import { TransactionService } from '../database/transaction.service.js';
import { verifyAgainstNobody, verifyPassword } from '../users/password.js';
import { publicUser, PublicUser, User } from '../users/user.entity.js';
import { AuthException } from './auth.exception.js';

export interface LoginResult {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  user: PublicUser;
}

@Injectable()
export class AuthService {
  constructor(
    private readonly tx: TransactionService,
    private readonly jwt: JwtService,
    private readonly config: ConfigService<Env, true>,
  ) {}

  async login(email: string, password: string): Promise<LoginResult> {
    const user = await this.tx.manager
      .createQueryBuilder(User, 'u')
      .addSelect('u.passwordHash')
      .where('u.email = :email', { email: email.trim().toLowerCase() })
      .getOne();
    if (!user || !user.active) {
      await verifyAgainstNobody(password);
      throw AuthException.badCredentials();
    }
    if (user.lockedUntil && user.lockedUntil > new Date()) throw AuthException.locked(user.lockedUntil);

    if (!(await verifyPassword(user.passwordHash, password))) {
      await this.recordFailure(user.id);
      throw AuthException.badCredentials();
    }
    await this.tx.manager.query(`UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = now() WHERE id = $1`, [user.id]);
    const expiresIn = this.config.get('JWT_TTL_SECONDS', { infer: true });
    const accessToken = await this.jwt.signAsync({ sub: user.id }, { expiresIn, algorithm: 'HS256' });
    return { accessToken, tokenType: 'Bearer', expiresIn, user: publicUser(user) };
  }

  /**
   * One statement, so parallel wrong guesses cannot each read the old count: the counter
   * restarts when the lock is set, and the lock lasts LOGIN_LOCK_MINUTES.
   */
  private async recordFailure(userId: string): Promise<void> {
    const max = this.config.get('LOGIN_MAX_FAILURES', { infer: true });
    const minutes = this.config.get('LOGIN_LOCK_MINUTES', { infer: true });
    await this.tx.manager.query(
      `UPDATE users SET
         locked_until = CASE WHEN failed_logins + 1 >= $2 THEN now() + make_interval(mins => $3) ELSE locked_until END,
         failed_logins = CASE WHEN failed_logins + 1 >= $2 THEN 0 ELSE failed_logins + 1 END
       WHERE id = $1`,
      [userId, max, minutes],
    );
  }
}
