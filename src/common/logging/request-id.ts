import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** A caller's own id is kept when it looks like one (a proxy's or a client's trace id); anything else is replaced. */
const ACCEPTABLE = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The request id, decided once per request and kept on the raw request, so Fastify (the
 * `x-request-id` answer header) and pino-http (the `reqId` on every log line the request
 * causes) use the same one.
 */
export function requestIdOf(raw: IncomingMessage & { id?: unknown }): string {
  if (typeof raw.id === 'string') return raw.id;
  const offered = raw.headers['x-request-id'];
  const id = typeof offered === 'string' && ACCEPTABLE.test(offered) ? offered : randomUUID();
  raw.id = id;
  return id;
}
