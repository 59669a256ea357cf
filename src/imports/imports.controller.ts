import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiPayloadTooLargeResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Roles } from '../auth/access.decorator.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { PaginationQuery } from '../common/pagination/pagination.dto.js';
import type { Actor } from '../users/role.js';
import { ImportProfileDto, UpdateImportProfileDto } from './import-profile.dto.js';
import { ImportProfilesService } from './import-profiles.service.js';
import { ImportQueries } from './import-queries.service.js';
import { ImportRowsQuery } from './import-rows.query.js';
import { ImportsService } from './imports.service.js';

@ApiTags('imports')
@Roles('admin', 'treasurer')
@Controller('api/v1/imports')
export class ImportsController {
  constructor(
    private readonly imports: ImportsService,
    private readonly queries: ImportQueries,
    private readonly profiles: ImportProfilesService,
  ) {}

  /**
   * Not @Idempotent: the file's own sha256 is the idempotency key — the same bytes again answer
   * the first import (200) and create nothing.
   */
  @Post()
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['kind', 'file'],
      properties: {
        kind: { type: 'string', enum: ['patreon', 'merch', 'bank'], description: 'Send before the file' },
        profile: { type: 'string', description: 'Bank CSV column profile name; send before the file' },
        file: { type: 'string', format: 'binary' },
      },
    },
  })
  @ApiCreatedResponse({ description: '{id, kind, format, rows, created, duplicates, errors: [{line, message}]}' })
  @ApiOkResponse({ description: 'The same file was imported before: its import, nothing new created' })
  @ApiPayloadTooLargeResponse({ description: 'Larger than IMPORT_MAX_BYTES' })
  async upload(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply, @CurrentUser() actor: Actor) {
    const outcome = await this.imports.importUpload(request, actor);
    void reply.status(outcome.replayed ? 200 : 201);
    return outcome.summary;
  }

  @Get()
  list(@Query() query: PaginationQuery) {
    return this.queries.list(query);
  }

  @Post('profiles')
  createProfile(@Body() dto: ImportProfileDto, @CurrentUser() actor: Actor) {
    return this.profiles.create(dto, actor);
  }

  @Get('profiles')
  listProfiles() {
    return this.profiles.list();
  }

  @Get('profiles/:name')
  getProfile(@Param('name') name: string) {
    return this.profiles.get(name);
  }

  @Put('profiles/:name')
  updateProfile(@Param('name') name: string, @Body() dto: UpdateImportProfileDto, @CurrentUser() actor: Actor) {
    return this.profiles.update(name, dto, actor);
  }

  @Get(':id')
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.queries.get(id);
  }

  @Get(':id/rows')
  @ApiQuery({ name: 'status', required: false, enum: ['ok', 'error'] })
  rows(@Param('id', ParseUUIDPipe) id: string, @Query() query: ImportRowsQuery) {
    return this.queries.rows(id, query.status, query);
  }
}
