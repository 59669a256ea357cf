import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { QueryFailedError } from 'typeorm';
import { AppException, ErrorKind } from './app.exception.js';
import { ErrorBody, errorBody } from './error-body.js';

const STATUS: Record<ErrorKind, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  rate_limited: 429,
  unavailable: 503,
};

/** PostgreSQL error classes that can only come from what the client sent. */
const PG_STATUS: Record<string, [number, string]> = {
  '23505': [409, 'That record already exists'],
  '23503': [400, 'A referenced record does not exist'],
  '23514': [400, 'A value is out of the allowed range'],
  '22P02': [400, 'A value has the wrong format'],
  '22003': [400, 'A number is out of range'],
  '22007': [400, 'A date or time is invalid'],
  '22008': [400, 'A date or time is out of range'],
  '22001': [400, 'A value is too long'],
  '22021': [400, 'A text value is not valid UTF-8 (for example a NUL character)'],
  '22P05': [400, 'A text value cannot be stored (for example a NUL character)'],
  '40001': [409, 'The request conflicted with another; retry it'],
  '40P01': [409, 'The request conflicted with another; retry it'],
};

/** pg-pool's error when no connection became free in time. */
const POOL_TIMEOUT = /^timeout exceeded when trying to connect$/;

/**
 * The one place that turns any failure into the error shape of SPEC §3. Never sends a stack
 * trace; anything unexpected is logged with the request id and answered as a bare 500.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    void sendError(exception, host.switchToHttp().getResponse<FastifyReply>(), this.logger);
  }
}

/**
 * Answers a failure as the filter does: the error body, the log line, `retry-after` on 429/503.
 * Also used by the routes registered on Fastify directly (the Stripe webhook), so their errors
 * are the same as every Nest route's.
 */
export function sendError(exception: unknown, reply: FastifyReply, logger: Pick<Logger, 'warn' | 'error'>): FastifyReply {
  const body = toErrorBody(exception);
  // A 5xx the code chose, with its reason (Stripe not configured, the database busy or lost), is
  // a state worth a warning, not a stack; only a failure nobody foresaw is logged as an error.
  if (body.code === 'database_busy' || (body.statusCode >= 500 && exception instanceof AppException)) logger.warn(`${body.code}: ${body.message}`);
  else if (body.statusCode >= 500) logger.error(exception instanceof Error ? exception.stack : String(exception));
  if ((body.statusCode === 429 || body.statusCode === 503) && !reply.getHeader('retry-after')) reply.header('retry-after', '60');
  return reply.status(body.statusCode).send(body);
}

/** Any failure as the error body (and status) of SPEC §3; the pages' error filter uses it too. */
export function toErrorBody(exception: unknown): ErrorBody {
  if (exception instanceof AppException) {
    return errorBody(STATUS[exception.kind], exception.message, { code: exception.code, details: exception.details });
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    if (typeof response === 'object' && response !== null && 'details' in response) {
      const r = response as { message: string; details: unknown[] };
      return errorBody(status, r.message, { details: r.details });
    }
    const message = typeof response === 'string' ? response : ((response as { message?: unknown }).message ?? exception.message);
    return errorBody(status, Array.isArray(message) ? message.join('; ') : String(message));
  }
  if (exception instanceof QueryFailedError) {
    const code = (exception.driverError as { code?: string } | undefined)?.code ?? '';
    const known = PG_STATUS[code];
    if (known) return errorBody(known[0], known[1]);
    if (code === 'P0001') return errorBody(409, (exception.driverError as Error).message);
  }
  if (exception instanceof Error && POOL_TIMEOUT.test(exception.message)) {
    // Every connection stayed busy past connectionTimeoutMillis (on the embedded database, a
    // large import holds its only one): the server is busy, not broken, and the client may retry.
    return errorBody(503, 'The database is busy (every connection is in use); retry in a minute', { code: 'database_busy' });
  }
  const fastify = exception as { statusCode?: number; code?: string; message?: string };
  if (typeof fastify.statusCode === 'number' && fastify.statusCode >= 400 && fastify.statusCode < 500) {
    const message = fastify.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? 'Request body is too large' : (fastify.message ?? 'Bad request');
    return errorBody(fastify.statusCode, message);
  }
  return errorBody(500, 'Internal server error');
}
