import { applyDecorators, CallHandler, ExecutionContext, Injectable, NestInterceptor, SetMetadata, UseInterceptors } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiPayloadTooLargeResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Observable } from 'rxjs';
import { AppException } from '../errors/app.exception.js';

const MAX_BODY = 'coffer:maxBody';

@Injectable()
export class MaxBodyInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const limit = this.reflector.get<number>(MAX_BODY, context.getHandler());
    const request = context.switchToHttp().getRequest<FastifyRequest & { rawBody?: Buffer }>();
    // A chunked body has no Content-Length: the bytes actually read (rawBody) count as well.
    const length = Math.max(Number(request.headers['content-length'] ?? 0), request.rawBody?.length ?? 0);
    if (limit && length > limit) throw new AppException('too_large', 'body_too_large', `Request body is too large: at most ${limit} bytes here`);
    return next.handle();
  }
}

/**
 * A tighter body limit than the app-wide BODY_LIMIT_BYTES for a public form: anonymous
 * clients get a few kilobytes, not a megabyte.
 */
export function MaxBody(bytes: number): MethodDecorator {
  return applyDecorators(SetMetadata(MAX_BODY, bytes), UseInterceptors(MaxBodyInterceptor), ApiPayloadTooLargeResponse({ description: `Body over ${bytes} bytes` }));
}
