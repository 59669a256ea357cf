import { applyDecorators, UseGuards } from '@nestjs/common';
import { ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { SkipThrottle, ThrottlerGuard } from '@nestjs/throttler';

export type RateLimitBucket = 'login' | 'public';
const BUCKETS: RateLimitBucket[] = ['login', 'public'];

/** Per-client-address limit for a route, counted in the named bucket only. */
export function RateLimited(bucket: RateLimitBucket): MethodDecorator & ClassDecorator {
  const skip = Object.fromEntries(BUCKETS.filter((b) => b !== bucket).map((b) => [b, true]));
  return applyDecorators(
    UseGuards(ThrottlerGuard),
    SkipThrottle(skip),
    ApiTooManyRequestsResponse({ description: 'Rate limited; see Retry-After' }),
  );
}
