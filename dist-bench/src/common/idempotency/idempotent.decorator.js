import { applyDecorators, UseInterceptors } from '@nestjs/common';
import { ApiConflictResponse, ApiHeader } from '@nestjs/swagger';
import { IdempotencyInterceptor } from './idempotency.interceptor.js';
export function Idempotent() {
    return applyDecorators(UseInterceptors(IdempotencyInterceptor), ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Same key + same body replays the first answer; another body is a 409' }), ApiConflictResponse({ description: 'Idempotency-Key reused with another body' }));
}
//# sourceMappingURL=idempotent.decorator.js.map