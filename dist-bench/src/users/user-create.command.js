import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { SYSTEM_ACTOR } from './role.js';
import { CreateUserDto } from './users.dto.js';
import { UsersService } from './users.service.js';
export async function runUserCreate(app, values) {
    const dto = plainToInstance(CreateUserDto, { ...values, roles: values.roles?.split(',').map((r) => r.trim()) });
    const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length) {
        throw new Error(errors.flatMap((e) => Object.values(e.constraints ?? {})).join('; '));
    }
    return app.get(UsersService).create(dto, SYSTEM_ACTOR);
}
//# sourceMappingURL=user-create.command.js.map