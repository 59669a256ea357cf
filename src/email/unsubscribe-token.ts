import { createHash, createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { PreferenceCategory } from './email-category.js';

/**
 * Unsubscribe link tokens: `<id>.<mac>`, both base64url. `id` names a row of
 * email_unsubscribe_token; `mac` is an HMAC over the id, the address and the category, under a
 * key only the app holds. The database keeps a SHA-256 of the whole token, never the token.
 *
 * So a token grants exactly one thing: its row's address and category. It cannot be guessed
 * (the MAC), cannot be pointed at another address (the MAC covers the address, even if someone
 * edits the row), and is revoked by marking the row. Because the token is a function of the row
 * and the key, the worker recomputes it for every email instead of storing it.
 */
export interface TokenSubject {
  id: string;
  emailLower: string;
  category: PreferenceCategory;
}

const UUID_HEX = /^[0-9a-f]{32}$/;
const TOKEN = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;

export function unsubscribeKey(appSecret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', appSecret, 'coffer', 'unsubscribe links v1', 32));
}

function mac(key: Buffer, subject: TokenSubject): Buffer {
  return createHmac('sha256', key).update(`${subject.id}\n${subject.emailLower}\n${subject.category}`).digest();
}

export function makeToken(key: Buffer, subject: TokenSubject): string {
  const id = Buffer.from(subject.id.replace(/-/g, ''), 'hex').toString('base64url');
  return `${id}.${mac(key, subject).toString('base64url')}`;
}

export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

/** The row id a well-formed token names, or null for anything that is not a token at all. */
export function parseToken(token: string): { id: string } | null {
  const match = TOKEN.exec(token);
  if (!match) return null;
  const hex = Buffer.from(match[1], 'base64url').toString('hex');
  if (!UUID_HEX.test(hex)) return null;
  return { id: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}` };
}

/** True only when `token` is exactly the token for this subject under this key. */
export function verifyToken(key: Buffer, token: string, subject: TokenSubject): boolean {
  const expected = Buffer.from(makeToken(key, subject));
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
