import { Body, Controller, Get, HttpCode, Ip, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Actor } from '../users/role.js';
import { UsersService } from '../users/users.service.js';
import { Public, Roles } from './access.decorator.js';
import { LoginDto } from './auth.dto.js';
import { AuthService } from './auth.service.js';
import { CurrentUser } from './current-user.decorator.js';
import { RateLimited } from './rate-limit.decorator.js';

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  @Post('login')
  @HttpCode(200)
  @Public()
  @RateLimited('login')
  login(@Body() dto: LoginDto, @Ip() client: string) {
    return this.auth.login(dto.email, dto.password, client);
  }

  @Get('me')
  @Roles('admin', 'treasurer', 'board')
  me(@CurrentUser() actor: Actor) {
    return this.users.get(actor.id);
  }
}
