import { Module } from '@nestjs/common';
import { CallsModule } from '../calls/calls.module.js';
import { FundsModule } from '../funds/funds.module.js';
import { MILESTONE_EXPENSE_POSTER, RecordingExpensePoster } from './expense-poster.js';
import { GranteeLinksService } from './grantee-links.service.js';
import { GranteeController } from './grantee.controller.js';
import { GranteeService } from './grantee.service.js';
import { GrantsSharedModule } from './grants-shared.module.js';
import { GrantsController } from './grants.controller.js';
import { GrantsService } from './grants.service.js';
import { LedgerExpensePoster } from './ledger-expense-poster.js';
import { GrantJobsService } from './jobs/grant-jobs.service.js';
import { JobsScheduler } from './jobs/jobs.scheduler.js';
import { MilestonesController } from './milestones.controller.js';
import { MilestonesService } from './milestones.service.js';
import { ReviewsService } from './reviews.service.js';

/**
 * Applications, milestones, board review, the grantee's link and the grants' jobs.
 * MILESTONE_EXPENSE_POSTER posts a paid 'self' stipend milestone to the ledger (and keeps
 * the milestone_expenses record).
 */
@Module({
  imports: [GrantsSharedModule, CallsModule, FundsModule],
  controllers: [GrantsController, MilestonesController, GranteeController],
  providers: [
    GrantsService,
    MilestonesService,
    ReviewsService,
    GranteeService,
    GranteeLinksService,
    GrantJobsService,
    JobsScheduler,
    RecordingExpensePoster,
    { provide: MILESTONE_EXPENSE_POSTER, useClass: LedgerExpensePoster },
  ],
  exports: [GrantsService, GrantJobsService, MILESTONE_EXPENSE_POSTER, GranteeService],
})
export class GrantsModule {}
