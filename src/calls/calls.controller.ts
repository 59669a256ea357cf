import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/access.decorator.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import type { Actor } from '../users/role.js';
import { CallListQuery, CreateCallDto, UpdateCallDto } from './calls.dto.js';
import { CallsService } from './calls.service.js';

@ApiTags('calls')
@Controller('api/v1/calls')
export class CallsController {
  constructor(private readonly calls: CallsService) {}

  @Post()
  @Roles('admin', 'board')
  create(@Body() dto: CreateCallDto, @CurrentUser() actor: Actor) {
    return this.calls.create(dto, actor);
  }

  @Get()
  @Roles('admin', 'board', 'treasurer')
  list(@Query() query: CallListQuery) {
    return this.calls.list(query);
  }

  @Get(':id')
  @Roles('admin', 'board', 'treasurer')
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.calls.get(id);
  }

  @Patch(':id')
  @Roles('admin', 'board')
  update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateCallDto, @CurrentUser() actor: Actor) {
    return this.calls.update(id, dto, actor);
  }
}
