import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Role } from '../users/role.js';

export const ACCESS_KEY = 'coffer:access';

export type Access = { public: true } | { public: false; roles: Role[] };

/** The staff roles allowed on a route or a whole controller. A route naming none is refused. */
export function Roles(...roles: Role[]): MethodDecorator & ClassDecorator {
  if (roles.length === 0) throw new Error('@Roles() needs at least one role');
  return applyDecorators(
    SetMetadata(ACCESS_KEY, { public: false, roles } satisfies Access),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'No, expired or tampered token' }),
    ApiForbiddenResponse({ description: `Needs one of: ${roles.join(', ')}` }),
  );
}

/** Reachable without logging in (interest form, checkout, status links, health). */
export function Public(): MethodDecorator & ClassDecorator {
  return SetMetadata(ACCESS_KEY, { public: true } satisfies Access);
}
