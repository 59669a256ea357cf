import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EntityManager } from 'typeorm';
import { jwtSecret } from '../auth/jwt-secret.js';
import type { Env } from '../config/env.validation.js';
import { TransactionService } from '../database/transaction.service.js';
import type { PreferenceCategory } from './email-category.js';
import { EmailException } from './email.exception.js';
import { SuppressionService, SuppressionSource } from './suppression.service.js';
import { hashToken, makeToken, parseToken, TokenSubject, unsubscribeKey, verifyToken } from './unsubscribe-token.js';

export interface UnsubscribeTarget {
  /** Shown masked (a•••@example.org): a forwarded email should not reveal the whole address. */
  email: string;
  category: PreferenceCategory;
  unsubscribed: boolean;
}

type Pair = { email: string; category: PreferenceCategory };
const keyOf = (p: Pair) => `${p.email.trim().toLowerCase()}\n${p.category}`;
/** A token is reused for mail to the same address until it nears expiry, then replaced. */
const RENEW_BEFORE_DAYS = 30;
const CACHE_MS = 60_000;

/**
 * Unsubscribe links that work for any address. See unsubscribe-token.ts for why they cannot be
 * forged or pointed at another address; this service stores their hashes, hands out links for
 * outgoing mail and carries out an unsubscribe.
 */
@Injectable()
export class UnsubscribeService {
  private readonly key: Buffer;
  private readonly appUrl: string;
  private readonly ttlDays: number;
  private readonly cache = new Map<string, { url: string; until: number }>();

  constructor(
    private readonly tx: TransactionService,
    private readonly suppressions: SuppressionService,
    config: ConfigService<Env, true>,
  ) {
    this.key = unsubscribeKey(jwtSecret(config.get('JWT_SECRET', { infer: true }), config.get('DATA_DIR', { infer: true })));
    this.appUrl = config.get('APP_URL', { infer: true })!;
    this.ttlDays = config.get('EMAIL_UNSUBSCRIBE_TTL_DAYS', { infer: true });
  }

  /** Unsubscribe URLs for a batch of recipients, creating tokens where none is usable. */
  async linksFor(pairs: Pair[]): Promise<Map<string, string>> {
    const now = Date.now();
    const links = new Map<string, string>();
    const wanted = new Map<string, TokenSubject>();
    for (const pair of pairs) {
      const k = keyOf(pair);
      const cached = this.cache.get(k);
      if (cached && cached.until > now) links.set(k, cached.url);
      else wanted.set(k, { id: '', emailLower: pair.email.trim().toLowerCase(), category: pair.category });
    }
    if (wanted.size === 0) return links;
    // One creator at a time (across instances too): two claim rounds sending to the same address at
    // once would otherwise each find no token and each create one, giving one address two links.
    await this.tx.run(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(7342010)`);
      const subjects = [...wanted.values()];
      const existing: TokenSubject[] = await m.query(
        `SELECT DISTINCT ON (t.email_lower, t.category) t.id, t.email_lower AS "emailLower", t.category
         FROM email_unsubscribe_token t
         JOIN unnest($1::text[], $2::text[]) AS w(email_lower, category) USING (email_lower, category)
         WHERE t.revoked_at IS NULL AND t.expires_at > now() + make_interval(days => $3)
         ORDER BY t.email_lower, t.category, t.expires_at DESC`,
        [subjects.map((s) => s.emailLower), subjects.map((s) => s.category), RENEW_BEFORE_DAYS],
      );
      for (const row of existing) wanted.set(keyOf({ email: row.emailLower, category: row.category }), row);
      const fresh = [...wanted.values()].filter((s) => s.id === '').map((s) => ({ ...s, id: randomUUID() }));
      if (fresh.length > 0) {
        await m.query(
          `INSERT INTO email_unsubscribe_token (id, token_hash, email_lower, category, expires_at)
           SELECT id, hash, email_lower, category, now() + make_interval(days => $5)
           FROM unnest($1::uuid[], $2::bytea[], $3::text[], $4::text[]) AS t(id, hash, email_lower, category)`,
          [fresh.map((s) => s.id), fresh.map((s) => hashToken(makeToken(this.key, s))), fresh.map((s) => s.emailLower), fresh.map((s) => s.category), this.ttlDays],
        );
        for (const s of fresh) wanted.set(keyOf({ email: s.emailLower, category: s.category }), s);
      }
    });
    for (const [k, subject] of wanted) {
      const url = `${this.appUrl}/unsubscribe/${makeToken(this.key, subject)}`;
      links.set(k, url);
      this.cache.set(k, { url, until: now + CACHE_MS });
    }
    return links;
  }

  linkKey(email: string, category: PreferenceCategory): string {
    return keyOf({ email, category });
  }

  /** What the token would unsubscribe, without doing it (GET must never act: link scanners). */
  async describe(token: string): Promise<UnsubscribeTarget> {
    const subject = await this.verify(token, this.tx.manager);
    const unsubscribed = await this.suppressions.isSuppressed(subject.emailLower, subject.category);
    return { email: mask(subject.emailLower), category: subject.category, unsubscribed };
  }

  async unsubscribe(token: string, source: SuppressionSource): Promise<UnsubscribeTarget> {
    return this.tx.run(async (m) => {
      const subject = await this.verify(token, m);
      await this.suppressions.suppress(subject.emailLower, subject.category, source, m);
      await m.query(`UPDATE email_unsubscribe_token SET last_used_at = now() WHERE id = $1`, [subject.id]);
      return { email: mask(subject.emailLower), category: subject.category, unsubscribed: true };
    });
  }

  /** Every link for this address (or one category of it) stops working; new mail gets new ones. */
  async revoke(email: string, category?: PreferenceCategory, m?: EntityManager): Promise<number> {
    const run = async (manager: EntityManager) => {
      const [{ revoked }] = await manager.query<{ revoked: number }[]>(
        `WITH r AS (UPDATE email_unsubscribe_token SET revoked_at = now()
                    WHERE email_lower = lower($1) AND ($2::text IS NULL OR category = $2) AND revoked_at IS NULL RETURNING id)
         SELECT count(*)::int AS revoked FROM r`,
        [email.trim(), category ?? null],
      );
      return revoked;
    };
    for (const k of [...this.cache.keys()]) if (k.startsWith(`${email.trim().toLowerCase()}\n`)) this.cache.delete(k);
    return m ? run(m) : this.tx.run(run);
  }

  private async verify(token: string, m: EntityManager): Promise<TokenSubject> {
    const parsed = parseToken(token);
    if (!parsed) throw EmailException.invalidUnsubscribeLink();
    const [row]: TokenSubject[] = await m.query(
      `SELECT id, email_lower AS "emailLower", category FROM email_unsubscribe_token
       WHERE token_hash = $1 AND id = $2 AND revoked_at IS NULL AND expires_at > now()`,
      [hashToken(token), parsed.id],
    );
    // The MAC check catches a row whose address or category was changed after the token was made.
    if (!row || !verifyToken(this.key, token, row)) throw EmailException.invalidUnsubscribeLink();
    return row;
  }
}

function mask(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '•••';
  return `${email[0]}•••${email.slice(at)}`;
}
