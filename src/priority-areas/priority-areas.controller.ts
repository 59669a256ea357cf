import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/access.decorator.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import type { Actor } from '../users/role.js';
import { CreatePriorityAreaDto, UpdatePriorityAreaDto } from './priority-areas.dto.js';
import { PriorityAreasService } from './priority-areas.service.js';

/** Staff side of the priority areas; the public list is `GET /api/v1/priority-areas` (interest). */
@ApiTags('priority-areas')
@Controller('api/v1/priority-areas')
export class PriorityAreasController {
  constructor(private readonly areas: PriorityAreasService) {}

  @Roles('admin', 'treasurer', 'board')
  @Get('all')
  @ApiOperation({ summary: 'Every priority area with its translations, retired ones included', operationId: 'listAllPriorityAreas' })
  list() {
    return this.areas.list();
  }

  @Roles('admin')
  @Post()
  @ApiOperation({ summary: 'Add a priority area', operationId: 'createPriorityArea' })
  create(@Body() dto: CreatePriorityAreaDto, @CurrentUser() actor: Actor) {
    return this.areas.create(dto, actor);
  }

  @Roles('admin')
  @Patch(':code')
  @ApiOperation({ summary: 'Rename, translate, move or retire a priority area', operationId: 'updatePriorityArea' })
  update(@Param('code') code: string, @Body() dto: UpdatePriorityAreaDto, @CurrentUser() actor: Actor) {
    return this.areas.update(code, dto, actor);
  }
}
