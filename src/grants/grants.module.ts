import { Module } from '@nestjs/common';
import { CallsModule } from '../calls/calls.module.js';
import { MILESTONE_EXPENSE_POSTER, RecordingExpensePoster } from './expense-poster.js';
import { GranteeLinksService } from './grantee-links.service.js';
import { GranteeController } from './grantee.controller.js';
import { GranteeService } from './grantee.service.js';
import { GrantsSharedModule } from './grants-shared.module.js';
import { GrantsController } from './grants.controller.js';
import { GrantsService } from './grants.service.js';
import { GrantJobsService } from './jobs/grant-jobs.service.js';
import { JobsScheduler } from './jobs/jobs.scheduler.js';
import { MilestonesController } from './milestones.controller.js';
import { MilestonesService } from './milestones.service.js';
import { ReviewsService } from './reviews.service.js';

/**
 * Applications, milestones, board review, the grantee's link and the grants' jobs.
 * MILESTONE_EXPENSE_POSTER defaults to recording 'self' stipend payments in
 * milestone_expenses; the ledger replaces it with a poster that calls LedgerService.post.
 */
@Module({
  imports: [GrantsSharedModule, CallsModule],
  controllers: [GrantsController, MilestonesController, GranteeController],
  providers: [
    GrantsService,
    MilestonesService,
    ReviewsService,
    GranteeService,
    GranteeLinksService,
    GrantJobsService,
    JobsScheduler,
    { provide: MILESTONE_EXPENSE_POSTER, useClass: RecordingExpensePoster },
  ],
  exports: [GrantsService, GrantJobsService, MILESTONE_EXPENSE_POSTER],
})
export class GrantsModule {}
