import type { ArgumentsHost } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { HttpExceptionFilter } from './http-exception.filter.js';

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
});
