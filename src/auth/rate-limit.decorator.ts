import { applyDecorators } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';

export type RateLimitBucket = 'login' | 'public';
export type RateLimits = Record<RateLimitBucket, number>;

/** Where `createApp` puts this instance's configured limits, so decorators need no config. */
export const RATE_LIMITS = 'cofferRateLimits';

/**
 * Per-client-address limit per minute for a route (@fastify/rate-limit), counted in the named
 * bucket shared by every route that names it.
 */
export function RateLimited(bucket: RateLimitBucket): MethodDecorator {
  return applyDecorators(
    RouteConfig({
      rateLimit: {
        groupId: bucket,
        timeWindow: 60_000,
        max: (request: FastifyRequest) => (request.server as unknown as Record<string, RateLimits>)[RATE_LIMITS][bucket],
      },
    }),
    ApiTooManyRequestsResponse({ description: 'Rate limited; see Retry-After' }),
  );
}
