import type { ArgumentsHost } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { AppException } from './app.exception.js';
import { HttpExceptionFilter, sendError } from './http-exception.filter.js';

function answer(exception: unknown): { status: number; body: Record<string, unknown>; headers: Record<string, string> } {
  const sent = { status: 0, body: {} as Record<string, unknown>, headers: {} as Record<string, string> };
  const reply = {
    getHeader: (name: string) => sent.headers[name],
    header: (name: string, value: string) => ((sent.headers[name] = value), reply),
    status: (code: number) => ((sent.status = code), reply),
    send: (body: Record<string, unknown>) => ((sent.body = body), reply),
  };
  const host = { switchToHttp: () => ({ getResponse: () => reply }) } as unknown as ArgumentsHost;
  new HttpExceptionFilter().catch(exception, host);
  return sent;
}

describe('HttpExceptionFilter (issue 10 items 10 and 15)', () => {
  it('maps a NUL or invalid UTF-8 refused by PostgreSQL (22021) to a 400', () => {
    const error = new QueryFailedError('INSERT …', [], Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: '22021' }));
    expect(answer(error)).toMatchObject({ status: 400, body: { message: expect.stringMatching(/not valid UTF-8/) } });
  });

  it('answers a pool that had no free connection in time with 503 and Retry-After, not a 500', () => {
    const res = answer(new Error('timeout exceeded when trying to connect'));
    expect(res).toMatchObject({ status: 503, body: { code: 'database_busy' }, headers: { 'retry-after': '60' } });
  });

  it('logs a 5xx the code chose (Stripe not configured) as one warning line, and only an unforeseen failure as an error with its stack', () => {
    const logged: { level: string; text: string }[] = [];
    const logger = { warn: (text: string) => logged.push({ level: 'warn', text }), error: (text: string) => logged.push({ level: 'error', text }) };
    const reply = { getHeader: () => undefined, header: () => reply, status: () => reply, send: () => reply };
    const send = (exception: unknown) => sendError(exception, reply as never, logger);
    send(new AppException('unavailable', 'stripe_not_configured', 'Stripe is not configured on this server'));
    send(new Error('timeout exceeded when trying to connect'));
    send(new TypeError('undefined is not a function'));
    expect(logged.map((l) => l.level)).toEqual(['warn', 'warn', 'error']);
    expect(logged[0].text).toBe('stripe_not_configured: Stripe is not configured on this server');
    expect(logged[2].text).toMatch(/^TypeError: undefined is not a function\n\s+at /);
  });
});
