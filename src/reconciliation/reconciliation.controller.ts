import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/access.decorator.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { Idempotent } from '../common/idempotency/idempotent.decorator.js';
import { PaginationQuery } from '../common/pagination/pagination.dto.js';
import type { Actor } from '../users/role.js';
import { AcknowledgeService } from './acknowledge.service.js';
import { ClassifyService } from './classify.service.js';
import { MatchesService } from './matches.service.js';
import { AcknowledgeDto, ClassifyDto, CreateMatchDto, CreateRunDto, RunItemsQuery } from './reconciliation.dto.js';
import { ReconciliationRunService } from './reconciliation-run.service.js';

@ApiTags('reconciliation')
@Roles('admin', 'treasurer')
@Controller('api/v1/reconciliation')
export class ReconciliationController {
  constructor(
    private readonly runs: ReconciliationRunService,
    private readonly matches: MatchesService,
    private readonly acknowledgements: AcknowledgeService,
  ) {}

  /** Not @Idempotent: a rerun is harmless by design (it only touches what is still open). */
  @Post('runs')
  run(@Body() dto: CreateRunDto, @CurrentUser() actor: Actor) {
    return this.runs.run(dto, actor);
  }

  @Roles('admin', 'treasurer', 'board')
  @Get('runs')
  list(@Query() query: PaginationQuery) {
    return this.runs.list(query);
  }

  @Roles('admin', 'treasurer', 'board')
  @Get('runs/:id')
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.runs.summary(id);
  }

  @Roles('admin', 'treasurer', 'board')
  @Get('runs/:id/items')
  items(@Param('id', ParseUUIDPipe) id: string, @Query() query: RunItemsQuery) {
    return this.runs.items(id, query);
  }

  @Post('matches')
  @Idempotent()
  match(@Body() dto: CreateMatchDto, @CurrentUser() actor: Actor) {
    return this.matches.create(dto, actor);
  }

  @Get('matches')
  manualMatches(@Query() query: PaginationQuery) {
    return this.matches.list(query);
  }

  @Delete('matches/:id')
  undo(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() actor: Actor) {
    return this.matches.remove(id, actor);
  }

  /** Accepts a Stripe-side finding (donation_not_in_stripe, payout_not_in_bank) with a reason, so its month can close. */
  @Post('matches/:id/acknowledge')
  @HttpCode(200)
  acknowledge(@Param('id', ParseUUIDPipe) id: string, @Body() dto: AcknowledgeDto, @CurrentUser() actor: Actor) {
    return this.acknowledgements.acknowledge(id, dto.reason, actor);
  }
}

@ApiTags('reconciliation')
@Roles('admin', 'treasurer')
@Controller('api/v1/bank-lines')
export class BankLinesController {
  constructor(private readonly classifier: ClassifyService) {}

  @Post(':id/classify')
  @Idempotent()
  classify(@Param('id', ParseUUIDPipe) id: string, @Body() dto: ClassifyDto, @CurrentUser() actor: Actor) {
    return this.classifier.classify(id, dto, actor);
  }
}
