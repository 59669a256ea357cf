import { decodeCursor, encodeCursor } from './donation-cursor.js';

const id = '0038a378-8ea2-4c58-a578-50be36f2b6df';

describe('donation list cursor', () => {
  it.each(['2026-11-30 12:00:00.123456+00', '2026-11-30 12:00:00+00', '2026-11-30 13:00:00.5+01:00'])('round-trips %s with microseconds kept', (at) => {
    expect(decodeCursor(encodeCursor(at, id))).toEqual({ at, id });
  });

  it.each([
    ['not base64 of a cursor', 'abc'],
    ['SQL in the time', Buffer.from(`2026-11-30'; DROP TABLE donations;--|${id}`).toString('base64url')],
    ['no id', Buffer.from('2026-11-30 12:00:00+00|').toString('base64url')],
  ])('refuses %s', (_what, cursor) => expect(() => decodeCursor(cursor)).toThrow('after must be the next cursor of a previous answer'));
});
