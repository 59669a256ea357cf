import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/access.decorator.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { Idempotent } from '../common/idempotency/idempotent.decorator.js';
import type { Actor } from '../users/role.js';
import { FundBalancesService } from './fund-balances.service.js';
import { FundTransfersService } from './fund-transfers.service.js';
import { CreateFundDto, FundTransferDto, UpdateFundDto } from './funds.dto.js';
import { FundsService } from './funds.service.js';

@ApiTags('funds')
@Controller('api/v1/funds')
export class FundsController {
  constructor(
    private readonly funds: FundsService,
    private readonly balances: FundBalancesService,
    private readonly transfers: FundTransfersService,
  ) {}

  /** Every fund with its balances per currency and in BASE_CURRENCY, income and spending this month and year. */
  @Roles('admin', 'treasurer', 'board')
  @Get()
  list() {
    return this.balances.list();
  }

  /** One fund by code (`rsoc`) or id. */
  @Roles('admin', 'treasurer', 'board')
  @Get(':id')
  @ApiParam({ name: 'id', description: "The fund's id or its code" })
  get(@Param('id') idOrCode: string) {
    return this.balances.get(idOrCode);
  }

  @Roles('admin', 'treasurer')
  @Post()
  create(@Body() dto: CreateFundDto, @CurrentUser() actor: Actor) {
    return this.funds.create(dto, actor);
  }

  /** A board decision moving money between funds (both sides posted, audited). */
  @Roles('board')
  @Post('transfers')
  @Idempotent()
  transfer(@Body() dto: FundTransferDto, @CurrentUser() actor: Actor) {
    return this.transfers.create(dto, actor);
  }

  @Roles('admin', 'treasurer')
  @Patch(':id')
  update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateFundDto, @CurrentUser() actor: Actor) {
    return this.funds.update(id, dto, actor);
  }
}
