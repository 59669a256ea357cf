import { Writable } from 'node:stream';
import { createPino, redactText, redactUrl } from './logger.js';

describe('log redaction', () => {
  it.each([
    ['/api/v1/grantee/abc123/milestones/1/submit', '/api/v1/grantee/[redacted]/milestones/1/submit'],
    ['/api/v1/interest/status/tok_9', '/api/v1/interest/status/[redacted]'],
    ['/api/v1/unsubscribe/xyz?x=1', '/api/v1/unsubscribe/[redacted]?x=1'],
    ['/api/v1/sponsors?email=ann@example.org&page=2', '/api/v1/sponsors?email=[redacted]&page=2'],
    ['/api/v1/things?token=secret&password=hunter2', '/api/v1/things?token=[redacted]&password=[redacted]'],
  ])('%s is logged as %s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });

  it('hides email addresses in messages', () => {
    expect(redactText('sent receipt to ann.smith+x@example.org')).toBe('sent receipt to [email]');
  });

  it('censors credentials and emails in structured fields', () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    const logger = createPino({ level: 'info', format: 'json' }, sink);
    logger.info(
      { req: { method: 'POST', url: '/api/v1/unsubscribe/tok?email=e@x.org', headers: { authorization: 'Bearer abc' } }, body: { password: 'p', email: 'e@x.org', token: 't' } },
      'login',
    );
    const line = lines.join('');
    expect(line).not.toContain('Bearer abc');
    expect(line).not.toContain('e@x.org');
    expect(line).not.toMatch(/"password":"p"/);
    expect(line).toContain('/api/v1/unsubscribe/[redacted]?email=[redacted]');
    expect(line).toContain('"password":"[redacted]"');
  });
});
