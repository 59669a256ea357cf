import { hashToken, makeToken, parseToken, unsubscribeKey, verifyToken } from './unsubscribe-token.js';

const key = unsubscribeKey('a-secret-of-the-app-a-secret-of-the-app');
const subject = { id: '6f1c2a9e-1b6d-4c1e-9a53-0c6a1f1b2d3e', emailLower: 'ada@example.org', category: 'updates' as const };

describe('unsubscribe tokens', () => {
  const token = makeToken(key, subject);

  it('round-trips the row id and verifies for its own subject', () => {
    expect(token).toMatch(/^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
    expect(parseToken(token)).toEqual({ id: subject.id });
    expect(verifyToken(key, token, subject)).toBe(true);
    expect(hashToken(token)).toHaveLength(32);
  });

  it.each([
    ['another address', { ...subject, emailLower: 'eve@example.org' }],
    ['another category', { ...subject, category: 'all' as const }],
    ['another row', { ...subject, id: '6f1c2a9e-1b6d-4c1e-9a53-0c6a1f1b2d3f' }],
  ])('does not verify for %s', (_name, other) => {
    expect(verifyToken(key, token, other)).toBe(false);
  });

  it('does not verify under another key', () => {
    expect(verifyToken(unsubscribeKey('another-secret-another-secret-another'), token, subject)).toBe(false);
  });

  it.each(['', 'abc', `${token}x`, token.replace('.', ''), `${token.split('.')[0]}.${'A'.repeat(43)}x`, '../../etc/passwd', 'a'.repeat(5000)])(
    'rejects malformed token %#',
    (bad) => {
      expect(verifyToken(key, bad, subject)).toBe(false);
    },
  );

  it('parses nothing out of non-tokens', () => {
    expect(parseToken('not a token')).toBeNull();
    expect(parseToken(`${'!'.repeat(22)}.${'A'.repeat(43)}`)).toBeNull();
  });
});
