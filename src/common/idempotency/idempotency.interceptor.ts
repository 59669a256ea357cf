import { CallHandler, ExecutionContext, HttpStatus, Injectable, NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, lastValueFrom, map, Observable } from 'rxjs';
import { TransactionService } from '../../database/transaction.service.js';
import { AppException } from '../errors/app.exception.js';
import { sha256Hex, stableStringify } from '../util/stable-json.js';

interface Outcome {
  replayed: boolean;
  status: number;
  body: unknown;
}

export class IdempotencyException extends AppException {
  static reused() {
    return new IdempotencyException('conflict', 'idempotency_key_reused', 'This Idempotency-Key was already used with a different request body');
  }
  static badKey() {
    return new IdempotencyException('invalid', 'idempotency_key_invalid', 'Idempotency-Key must be 1 to 255 visible ASCII characters', [
      { field: 'Idempotency-Key', message: 'must be 1 to 255 visible ASCII characters' },
    ]);
  }
}

/**
 * Same key + same body replays the first answer; same key + another body is a 409.
 *
 * The key row is inserted in the same transaction as the handler's writes. A second request
 * with the same key blocks on the unique index until the first commits, then finds the row
 * and replays it; if the first failed and rolled back, the second simply runs. So two requests
 * at once still create exactly one record, without polling.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly tx: TransactionService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest & { actor?: { id: string } }>();
    const reply = http.getResponse<FastifyReply>();
    const key = request.headers['idempotency-key'];
    if (key === undefined) return next.handle();
    if (typeof key !== 'string' || !/^[\x21-\x7e]{1,255}$/.test(key)) throw IdempotencyException.badKey();

    const scope = `${request.actor?.id ?? 'public'} ${request.method} ${request.url.split('?')[0]}`;
    const requestHash = sha256Hex(stableStringify(request.body ?? null));
    const status = Reflect.getMetadata(HTTP_CODE_METADATA, context.getHandler()) ?? HttpStatus.CREATED;

    const outcome = this.tx.run<Outcome>(async (m) => {
      const inserted: unknown[] = await m.query(`INSERT INTO idempotency_keys (scope, key, request_hash) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING key`, [
        scope,
        key,
        requestHash,
      ]);
      if (inserted.length === 0) {
        const [stored] = await m.query(`SELECT request_hash, status_code, response FROM idempotency_keys WHERE scope = $1 AND key = $2`, [scope, key]);
        if (stored.request_hash !== requestHash) throw IdempotencyException.reused();
        return { replayed: true, status: stored.status_code, body: stored.response };
      }
      const body = await lastValueFrom(next.handle(), { defaultValue: null });
      // Stored as the client saw it (dates as ISO strings), so a replay is byte-for-byte alike.
      const json = body === undefined ? null : JSON.parse(JSON.stringify(body));
      await m.query(`UPDATE idempotency_keys SET status_code = $3, response = $4 WHERE scope = $1 AND key = $2`, [scope, key, status, JSON.stringify(json)]);
      return { replayed: false, status, body: json };
    });

    return from(outcome).pipe(
      map(({ replayed, status: code, body }) => {
        if (replayed) void reply.status(code).header('idempotent-replayed', 'true');
        return body;
      }),
    );
  }
}
