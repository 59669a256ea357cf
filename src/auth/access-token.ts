import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EntityManager } from 'typeorm';
import { jwtSecret } from '../auth/jwt-secret.js';
import { AppException } from '../common/errors/app.exception.js';
import { linkKey, linkToken } from '../common/links/link-token.js';
import type { Env } from '../config/env.validation.js';
import { TransactionService } from '../database/transaction.service.js';

/** What one link may open. A token grants exactly one purpose for exactly one subject. */
export type AccessPurpose = 'interest_status' | 'grantee' | 'donor_manage' | 'role_application_status';

const TOKEN_BYTES = 32;
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export class AccessTokenException extends AppException {
  static unknown() {
    return new AccessTokenException('not_found', 'link_not_found', 'This link is not valid');
  }
  static expired() {
    return new AccessTokenException('unauthorized', 'link_expired', 'This link has expired; ask the board for a new one');
  }
}

/** 32 random bytes, base64url: 256 bits, unguessable. */
export function newToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

export function looksLikeToken(token: string): boolean {
  return TOKEN_SHAPE.test(token);
}

/**
 * Links for people without accounts (applicants, grantees). Only the SHA-256 of a token is
 * stored, so neither a database dump nor the audit log can open anything; a revoked or
 * expired token opens nothing. Revoked and unknown tokens answer alike (404), so a link
 * cannot be probed for whether it once existed; an expired one says so (401), so the holder
 * knows to ask for a new one.
 */
@Injectable()
export class AccessTokenService {
  private readonly key: Buffer;

  constructor(
    private readonly tx: TransactionService,
    config: ConfigService<Env, true>,
  ) {
    this.key = linkKey(jwtSecret(config.get('JWT_SECRET', { infer: true }), config.get('DATA_DIR', { infer: true })));
  }

  /** The token is derived from its row id (see link-token.ts), so an email can carry the row id instead. */
  async issue(m: EntityManager, purpose: AccessPurpose, subjectId: string, ttlDays: number, now = new Date()): Promise<{ id: string; token: string; expiresAt: Date }> {
    const id = randomUUID();
    const token = linkToken(this.key, id);
    const expiresAt = new Date(now.getTime() + ttlDays * 86_400_000);
    await m.query(`INSERT INTO access_tokens (id, token_hash, purpose, subject_id, expires_at) VALUES ($1, $2, $3, $4, $5)`, [id, hashToken(token), purpose, subjectId, expiresAt]);
    return { id, token, expiresAt };
  }

  /** The subject this token opens for this purpose, or an AccessTokenException. */
  async resolve(purpose: AccessPurpose, token: string, now = new Date()): Promise<string> {
    if (!looksLikeToken(token)) throw AccessTokenException.unknown();
    const [row] = await this.tx.manager.query<{ subjectId: string; expiresAt: Date; revokedAt: Date | null }[]>(
      `SELECT subject_id AS "subjectId", expires_at AS "expiresAt", revoked_at AS "revokedAt" FROM access_tokens WHERE token_hash = $1 AND purpose = $2`,
      [hashToken(token), purpose],
    );
    if (!row || row.revokedAt) throw AccessTokenException.unknown();
    if (new Date(row.expiresAt).getTime() <= now.getTime()) throw AccessTokenException.expired();
    return row.subjectId;
  }

  /** Revokes every live link for this subject and purpose; returns how many. */
  async revokeAll(m: EntityManager, purpose: AccessPurpose, subjectId: string): Promise<number> {
    const [, count] = await m.query<[unknown[], number]>(`UPDATE access_tokens SET revoked_at = now() WHERE purpose = $1 AND subject_id = $2 AND revoked_at IS NULL`, [
      purpose,
      subjectId,
    ]);
    return count;
  }
}
