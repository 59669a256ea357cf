import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/access.decorator.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { ArrayBodyPipe } from '../common/validation/array-body.pipe.js';
import type { Actor } from '../users/role.js';
import { CreateGrantDto, GrantListQuery, GrantStatusDto, MilestoneInputDto, UpdateGrantDto } from './grants.dto.js';
import { GrantsService } from './grants.service.js';
import { MilestonesService } from './milestones.service.js';

@ApiTags('grants')
@Controller('api/v1/grants')
export class GrantsController {
  constructor(
    private readonly grants: GrantsService,
    private readonly milestones: MilestonesService,
  ) {}

  @Post()
  @Roles('admin', 'board')
  create(@Body() dto: CreateGrantDto, @CurrentUser() actor: Actor) {
    return this.grants.create(dto, actor);
  }

  @Get()
  @Roles('admin', 'board', 'treasurer')
  list(@Query() query: GrantListQuery) {
    return this.grants.list(query);
  }

  @Get(':id')
  @Roles('admin', 'board', 'treasurer')
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.grants.get(id);
  }

  @Patch(':id')
  @Roles('admin', 'board')
  update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateGrantDto, @CurrentUser() actor: Actor) {
    return this.grants.update(id, dto, actor);
  }

  @Post(':id/status')
  @Roles('admin', 'board')
  @HttpCode(200)
  move(@Param('id', ParseUUIDPipe) id: string, @Body() dto: GrantStatusDto, @CurrentUser() actor: Actor) {
    return this.grants.move(id, dto, actor);
  }

  @Put(':id/milestones')
  @Roles('admin', 'board')
  @ApiBody({ type: MilestoneInputDto, isArray: true })
  putMilestones(@Param('id', ParseUUIDPipe) id: string, @Body(new ArrayBodyPipe(MilestoneInputDto, 50)) items: MilestoneInputDto[], @CurrentUser() actor: Actor) {
    return this.milestones.put(id, items, actor);
  }

  /** Revokes the grant's grantee links and issues a new one (lost or leaked link). */
  @Post(':id/grantee-link')
  @Roles('admin', 'board')
  @HttpCode(200)
  granteeLink(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() actor: Actor) {
    return this.grants.reissueGranteeLink(id, actor);
  }
}
