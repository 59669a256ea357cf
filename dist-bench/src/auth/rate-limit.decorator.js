import { applyDecorators } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiTooManyRequestsResponse } from '@nestjs/swagger';
export const RATE_LIMITS = 'cofferRateLimits';
export function RateLimited(bucket) {
    return applyDecorators(RouteConfig({
        rateLimit: {
            groupId: bucket,
            timeWindow: 60_000,
            max: (request) => request.server[RATE_LIMITS][bucket],
        },
    }), ApiTooManyRequestsResponse({ description: 'Rate limited; see Retry-After' }));
}
//# sourceMappingURL=rate-limit.decorator.js.map