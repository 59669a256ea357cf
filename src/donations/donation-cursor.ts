import { DonationsException } from './donations.exception.js';

/**
 * The keyset cursor of the donation list: the last row's `received_at` (as PostgreSQL prints it,
 * microseconds kept) and id, base64url so it passes as a query parameter untouched.
 */
export function encodeCursor(receivedAt: string, id: string): string {
  return Buffer.from(`${receivedAt}|${id}`).toString('base64url');
}

const CURSOR = /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d{1,6})?[+-]\d{2}(?::\d{2})?)\|([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

export function decodeCursor(cursor: string): { at: string; id: string } {
  const match = CURSOR.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) throw DonationsException.badCursor();
  return { at: match[1], id: match[2] };
}
