import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/access.decorator.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import type { Actor } from '../users/role.js';
import { CreateFundDto, UpdateFundDto } from './funds.dto.js';
import { FundsService } from './funds.service.js';

@ApiTags('funds')
@Controller('api/v1/funds')
export class FundsController {
  constructor(private readonly funds: FundsService) {}

  @Roles('admin', 'treasurer', 'board')
  @Get()
  list() {
    return this.funds.list();
  }

  @Roles('admin', 'treasurer', 'board')
  @Get(':id')
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.funds.get(id);
  }

  @Roles('admin', 'treasurer')
  @Post()
  create(@Body() dto: CreateFundDto, @CurrentUser() actor: Actor) {
    return this.funds.create(dto, actor);
  }

  @Roles('admin', 'treasurer')
  @Patch(':id')
  update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateFundDto, @CurrentUser() actor: Actor) {
    return this.funds.update(id, dto, actor);
  }
}
