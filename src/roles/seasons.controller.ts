import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/access.decorator.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import type { Actor } from '../users/role.js';
import { CreateSeasonDto, SeasonStatusDto } from './roles.dto.js';
import { SeasonsService } from './seasons.service.js';

@ApiTags('roles')
@Controller('api/v1/seasons')
export class SeasonsController {
  constructor(private readonly seasons: SeasonsService) {}

  @Roles('admin', 'treasurer')
  @Post()
  create(@Body() dto: CreateSeasonDto, @CurrentUser() actor: Actor) {
    return this.seasons.create(dto, actor);
  }

  @Roles('admin', 'treasurer', 'board')
  @Get()
  list() {
    return this.seasons.list();
  }

  @Roles('admin', 'treasurer', 'board')
  @Get(':id')
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.seasons.get(id);
  }

  @Roles('admin', 'treasurer')
  @Post(':id/status')
  @HttpCode(200)
  move(@Param('id', ParseUUIDPipe) id: string, @Body() dto: SeasonStatusDto, @CurrentUser() actor: Actor) {
    return this.seasons.move(id, dto, actor);
  }
}
