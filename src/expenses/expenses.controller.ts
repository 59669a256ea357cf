import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/access.decorator.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { Idempotent } from '../common/idempotency/idempotent.decorator.js';
import { ReverseDto } from '../roles/roles.dto.js';
import type { Actor } from '../users/role.js';
import { CreateExpenseDto, ExpensesQuery } from './expenses.dto.js';
import { ExpensesService } from './expenses.service.js';

@ApiTags('expenses')
@Controller('api/v1/expenses')
export class ExpensesController {
  constructor(private readonly expenses: ExpensesService) {}

  @Roles('admin', 'treasurer')
  @Post()
  @Idempotent()
  create(@Body() dto: CreateExpenseDto, @CurrentUser() actor: Actor) {
    return this.expenses.create(dto, actor);
  }

  @Roles('admin', 'treasurer', 'board')
  @Get()
  list(@Query() query: ExpensesQuery) {
    return this.expenses.list(query);
  }

  @Roles('admin', 'treasurer', 'board')
  @Get(':id')
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.expenses.get(id);
  }

  @Roles('admin', 'treasurer')
  @Post(':id/reverse')
  @HttpCode(200)
  @Idempotent()
  reverse(@Param('id', ParseUUIDPipe) id: string, @Body() dto: ReverseDto, @CurrentUser() actor: Actor) {
    return this.expenses.reverse(id, dto, actor);
  }
}
