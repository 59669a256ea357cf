import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
export const ACCESS_KEY = 'coffer:access';
export function Roles(...roles) {
    if (roles.length === 0)
        throw new Error('@Roles() needs at least one role');
    return applyDecorators(SetMetadata(ACCESS_KEY, { public: false, roles }), ApiBearerAuth(), ApiUnauthorizedResponse({ description: 'No, expired or tampered token' }), ApiForbiddenResponse({ description: `Needs one of: ${roles.join(', ')}` }));
}
export function Public() {
    return SetMetadata(ACCESS_KEY, { public: true });
}
//# sourceMappingURL=access.decorator.js.map