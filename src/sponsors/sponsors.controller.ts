import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/access.decorator.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import type { Actor } from '../users/role.js';
import { CreateSponsorDto, SponsorsQuery, StatementQuery, UpdateSponsorDto } from './sponsors.dto.js';
import { SponsorErasureService } from './sponsor-erasure.service.js';
import { SponsorsService } from './sponsors.service.js';
import { StatementService } from './statement.service.js';

@ApiTags('sponsors')
@Controller('api/v1/sponsors')
export class SponsorsController {
  constructor(
    private readonly sponsors: SponsorsService,
    private readonly statements: StatementService,
    private readonly erasure: SponsorErasureService,
  ) {}

  @Roles('admin', 'treasurer')
  @Post()
  create(@Body() dto: CreateSponsorDto, @CurrentUser() actor: Actor) {
    return this.sponsors.create(dto, actor);
  }

  @Roles('admin', 'treasurer', 'board')
  @Get()
  list(@Query() query: SponsorsQuery) {
    return this.sponsors.list(query);
  }

  /** The sponsor with lifetime and per-year giving. */
  @Roles('admin', 'treasurer', 'board')
  @Get(':id')
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.sponsors.get(id);
  }

  @Roles('admin', 'treasurer')
  @Patch(':id')
  update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateSponsorDto, @CurrentUser() actor: Actor) {
    return this.sponsors.update(id, dto, actor);
  }

  @Roles('admin', 'treasurer')
  @Get(':id/statement')
  statement(@Param('id', ParseUUIDPipe) id: string, @Query() query: StatementQuery) {
    return this.statements.statement(id, query.year);
  }

  @Roles('admin', 'treasurer')
  @Post(':id/statement/send')
  @HttpCode(202)
  send(@Param('id', ParseUUIDPipe) id: string, @Query() query: StatementQuery, @CurrentUser() actor: Actor) {
    return this.statements.send(id, query.year, actor);
  }

  /** Erasure on the sponsor's request: personal data anonymised, the books keep the amounts. */
  @Roles('admin', 'treasurer')
  @Delete(':id')
  erase(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() actor: Actor) {
    return this.erasure.erase(id, actor);
  }
}
