import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/access.decorator.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { Idempotent } from '../common/idempotency/idempotent.decorator.js';
import type { Actor } from '../users/role.js';
import { MilestonesService } from './milestones.service.js';
import { PaidDto, ReviewDto } from './reviews.dto.js';
import { ReviewsService } from './reviews.service.js';

@ApiTags('milestones')
@Controller('api/v1/milestones')
export class MilestonesController {
  constructor(
    private readonly milestones: MilestonesService,
    private readonly reviews: ReviewsService,
  ) {}

  /** Submitted milestones still waiting on the caller's vote. */
  @Get('review-queue')
  @Roles('board')
  queue(@CurrentUser() actor: Actor) {
    return this.reviews.queue(actor);
  }

  @Get(':id')
  @Roles('admin', 'board', 'treasurer')
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.milestones.get(id);
  }

  @Post(':id/reviews')
  @Roles('board')
  vote(@Param('id', ParseUUIDPipe) id: string, @Body() dto: ReviewDto, @CurrentUser() actor: Actor) {
    return this.reviews.vote(id, dto, actor);
  }

  @Post(':id/payment-request')
  @Roles('admin', 'treasurer', 'board')
  @HttpCode(200)
  requestPayment(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() actor: Actor) {
    return this.milestones.requestPayment(id, actor);
  }

  @Post(':id/paid')
  @Roles('admin', 'treasurer')
  @HttpCode(200)
  @Idempotent()
  paid(@Param('id', ParseUUIDPipe) id: string, @Body() dto: PaidDto, @CurrentUser() actor: Actor) {
    return this.milestones.markPaid(id, dto.paidOn, actor);
  }
}
