import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Actor } from '../users/role.js';

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  return ctx.switchToHttp().getRequest<{ actor: Actor }>().actor;
});
