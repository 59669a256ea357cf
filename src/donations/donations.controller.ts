import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/access.decorator.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { Idempotent } from '../common/idempotency/idempotent.decorator.js';
import type { Actor } from '../users/role.js';
import { DonationAdjustmentsService } from './donation-adjustments.service.js';
import { DonationReversalService } from './donation-reversal.service.js';
import { CreateDonationDto, DonationsQuery, ReassignFundDto, ReverseDonationDto } from './donations.dto.js';
import { DonationsService } from './donations.service.js';

@ApiTags('donations')
@Controller('api/v1/donations')
export class DonationsController {
  constructor(
    private readonly donations: DonationsService,
    private readonly adjustments: DonationAdjustmentsService,
    private readonly reversal: DonationReversalService,
  ) {}

  /** Records a manual donation (bank, crypto, cheque = `other`, Patreon, merch). */
  @Roles('admin', 'treasurer')
  @Post()
  @Idempotent()
  create(@Body() dto: CreateDonationDto, @CurrentUser() actor: Actor) {
    return this.donations.createManual(dto, actor);
  }

  @Roles('admin', 'treasurer', 'board')
  @Get()
  list(@Query() query: DonationsQuery) {
    return this.donations.list(query);
  }

  @Roles('admin', 'treasurer', 'board')
  @Get(':id')
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.donations.get(id);
  }

  /** Moves the donation to another fund (a reclassification entry; history is kept). */
  @Roles('admin', 'treasurer')
  @Post(':id/fund')
  @HttpCode(200)
  reassign(@Param('id', ParseUUIDPipe) id: string, @Body() dto: ReassignFundDto, @CurrentUser() actor: Actor) {
    return this.adjustments.reassign(id, dto.fund, actor);
  }

  /** Corrects a donation recorded by hand: reversing entries dated today, reason required, audited. */
  @Roles('admin', 'treasurer')
  @Post(':id/reverse')
  @HttpCode(200)
  @Idempotent()
  reverse(@Param('id', ParseUUIDPipe) id: string, @Body() dto: ReverseDonationDto, @CurrentUser() actor: Actor) {
    return this.reversal.reverse(id, dto.reason, actor);
  }
}
