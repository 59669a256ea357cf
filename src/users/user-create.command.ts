import type { INestApplicationContext } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { SYSTEM_ACTOR } from './role.js';
import { CreateUserDto } from './users.dto.js';
import { UsersService } from './users.service.js';

/** `user:create`'s flags checked with the same validation as the API (before the application starts). */
export async function userCreateInput(values: Record<string, string | undefined>): Promise<CreateUserDto> {
  const dto = plainToInstance(CreateUserDto, { ...values, roles: values.roles?.split(',').map((r) => r.trim()) });
  const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length) {
    throw new Error(errors.flatMap((e) => Object.values(e.constraints ?? {})).join('; '));
  }
  return dto;
}

/** `user:create`: the same service as the API. */
export function runUserCreate(app: INestApplicationContext, dto: CreateUserDto) {
  return app.get(UsersService).create(dto, SYSTEM_ACTOR);
}
