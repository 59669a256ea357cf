import { hashToken, looksLikeToken, newToken } from './access-token.js';

describe('access tokens', () => {
  it('are 32 random bytes in base64url, never repeated', () => {
    const tokens = new Set(Array.from({ length: 1000 }, newToken));
    expect(tokens.size).toBe(1000);
    for (const t of tokens) {
      expect(looksLikeToken(t)).toBe(true);
      expect(Buffer.from(t, 'base64url')).toHaveLength(32);
    }
  });

  it('store a 32-byte SHA-256 that does not contain the token', () => {
    const token = newToken();
    const hash = hashToken(token);
    expect(hash).toHaveLength(32);
    expect(hash.toString('base64url')).not.toBe(token);
    expect(hashToken(token).equals(hash)).toBe(true);
  });

  it.each(['', 'short', 'a'.repeat(44), `${'a'.repeat(42)}=`, `${'a'.repeat(42)}/`, '../../etc/passwd'])('rejects the shape %j', (t) => {
    expect(looksLikeToken(t)).toBe(false);
  });
});
