import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EntityManager } from 'typeorm';
import { AccessTokenService } from '../auth/access-token.js';
import { linkRefs, links } from '../auth/links.js';
import type { Env } from '../config/env.validation.js';

/**
 * Grantee links open one grant's page. Only hashes are stored, so an email that needs the link
 * gets a freshly issued one; staff can revoke them all and issue one anew.
 */
@Injectable()
export class GranteeLinksService {
  constructor(
    private readonly tokens: AccessTokenService,
    private readonly config: ConfigService<Env, true>,
  ) {}

  /** `url` to show staff; `ref` to put into an email (never a usable link in the outbox). */
  async issue(m: EntityManager, grantId: string, now = new Date()): Promise<{ url: string; ref: string; expiresAt: Date }> {
    const { id, token, expiresAt } = await this.tokens.issue(m, 'grantee', grantId, this.config.get('GRANTEE_LINK_TTL_DAYS', { infer: true }), now);
    return { url: links.grantee(this.config.get('APP_URL', { infer: true }), token), ref: linkRefs.grantee(id), expiresAt };
  }

  resolve(token: string): Promise<string> {
    return this.tokens.resolve('grantee', token);
  }

  revokeAll(m: EntityManager, grantId: string): Promise<number> {
    return this.tokens.revokeAll(m, 'grantee', grantId);
  }
}
