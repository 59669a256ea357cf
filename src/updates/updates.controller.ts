import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/access.decorator.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import type { Actor } from '../users/role.js';
import { UpdateSender } from './update-sender.service.js';
import { CreateUpdateDto, EditUpdateDto, PreviewQuery, UpdatesQuery } from './updates.dto.js';
import { UpdatesService } from './updates.service.js';

/** Sponsor updates (SPEC §9): the board drafts, previews as a sponsor, and sends once. */
@ApiTags('updates')
@Controller('api/v1/updates')
export class UpdatesController {
  constructor(
    private readonly updates: UpdatesService,
    private readonly sender: UpdateSender,
  ) {}

  @Roles('board')
  @Post()
  @ApiOperation({ summary: 'Draft a sponsor update', operationId: 'createUpdate' })
  create(@Body() dto: CreateUpdateDto, @CurrentUser() actor: Actor) {
    return this.updates.create(dto, actor);
  }

  @Roles('admin', 'treasurer', 'board')
  @Get()
  @ApiOperation({ summary: 'List sponsor updates, newest first', operationId: 'listUpdates' })
  list(@Query() query: UpdatesQuery) {
    return this.updates.list(query);
  }

  @Roles('admin', 'treasurer', 'board')
  @Get(':id')
  @ApiOperation({ summary: 'A sponsor update with its delivery counts', operationId: 'getUpdate' })
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.updates.get(id);
  }

  @Roles('board')
  @Patch(':id')
  @ApiOperation({ summary: 'Edit a draft (409 once sent)', operationId: 'editUpdate' })
  edit(@Param('id', ParseUUIDPipe) id: string, @Body() dto: EditUpdateDto, @CurrentUser() actor: Actor) {
    return this.updates.edit(id, dto, actor);
  }

  @Roles('board')
  @Get(':id/preview')
  @ApiOperation({ summary: 'Render the update as a given sponsor would receive it', operationId: 'previewUpdate' })
  preview(@Param('id', ParseUUIDPipe) id: string, @Query() query: PreviewQuery) {
    return this.updates.preview(id, query);
  }

  @Roles('board')
  @Post(':id/send')
  @HttpCode(200)
  @ApiOperation({ summary: 'Queue one email per opted-in sponsor; a second send queues 0', operationId: 'sendUpdate' })
  send(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() actor: Actor) {
    return this.sender.send(id, actor);
  }
}
