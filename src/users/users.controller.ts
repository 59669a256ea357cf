import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/access.decorator.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { PaginationQuery } from '../common/pagination/pagination.dto.js';
import type { Actor } from './role.js';
import { CreateUserDto, UpdateUserDto } from './users.dto.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@Roles('admin')
@Controller('api/v1/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  create(@Body() dto: CreateUserDto, @CurrentUser() actor: Actor) {
    return this.users.create(dto, actor);
  }

  @Get()
  list(@Query() query: PaginationQuery) {
    return this.users.list(query);
  }

  @Get(':id')
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.users.get(id);
  }

  @Patch(':id')
  update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateUserDto, @CurrentUser() actor: Actor) {
    return this.users.update(id, dto, actor);
  }

  /** Deactivates; users are never deleted because the audit log points at them. */
  @Delete(':id')
  deactivate(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() actor: Actor) {
    return this.users.deactivate(id, actor);
  }
}
