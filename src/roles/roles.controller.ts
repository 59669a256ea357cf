import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/access.decorator.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { Idempotent } from '../common/idempotency/idempotent.decorator.js';
import type { Actor } from '../users/role.js';
import { RolePaymentsService } from './role-payments.service.js';
import { CreateRoleDto, ReverseDto, RolePaymentDto, RolesQuery, RoleStatusDto, UpdateRoleDto } from './roles.dto.js';
import { RolesService } from './roles.service.js';

/** Funded roles and their payments: the treasurer writes, the board reads (see docs/roles.md). */
@ApiTags('roles')
@Controller('api/v1/roles')
export class RolesController {
  constructor(
    private readonly roles: RolesService,
    private readonly payments: RolePaymentsService,
  ) {}

  @Roles('admin', 'treasurer')
  @Post()
  create(@Body() dto: CreateRoleDto, @CurrentUser() actor: Actor) {
    return this.roles.create(dto, actor);
  }

  @Roles('admin', 'treasurer', 'board')
  @Get()
  list(@Query() query: RolesQuery) {
    return this.roles.list(query);
  }

  @Roles('admin', 'treasurer', 'board')
  @Get(':id')
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.roles.get(id);
  }

  @Roles('admin', 'treasurer')
  @Patch(':id')
  update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateRoleDto, @CurrentUser() actor: Actor) {
    return this.roles.update(id, dto, actor);
  }

  @Roles('admin', 'treasurer')
  @Post(':id/status')
  @HttpCode(200)
  move(@Param('id', ParseUUIDPipe) id: string, @Body() dto: RoleStatusDto, @CurrentUser() actor: Actor) {
    return this.roles.move(id, dto, actor);
  }

  @Roles('admin', 'treasurer')
  @Post(':id/payments')
  @Idempotent()
  pay(@Param('id', ParseUUIDPipe) id: string, @Body() dto: RolePaymentDto, @CurrentUser() actor: Actor) {
    return this.payments.pay(id, dto, actor);
  }

  @Roles('admin', 'treasurer', 'board')
  @Get(':id/payments')
  listPayments(@Param('id', ParseUUIDPipe) id: string) {
    return this.payments.list(id);
  }

  @Roles('admin', 'treasurer')
  @Post(':id/payments/:paymentId/reverse')
  @HttpCode(200)
  @Idempotent()
  reverse(@Param('id', ParseUUIDPipe) id: string, @Param('paymentId', ParseUUIDPipe) paymentId: string, @Body() dto: ReverseDto, @CurrentUser() actor: Actor) {
    return this.payments.reverse(id, paymentId, dto, actor);
  }
}
