import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AuditModule } from '../audit/audit.module.js';
import { AccessTokenModule } from '../auth/access-token.module.js';
import { EmailModule } from '../email/email.module.js';
import { FundsModule } from '../funds/funds.module.js';
import { LedgerModule } from '../ledger/ledger.module.js';
import { MILESTONE_EXPENSE_POSTER, RecordingExpensePoster } from './expense-poster.js';
import { GranteeLinksService } from './grantee-links.service.js';
import { GranteeController } from './grantee.controller.js';
import { GranteeService } from './grantee.service.js';
import { GrantsController } from './grants.controller.js';
import { GrantsService } from './grants.service.js';
import { LedgerExpensePoster } from './ledger-expense-poster.js';
import { GrantJobsService } from './jobs/grant-jobs.service.js';
import { MilestonesController } from './milestones.controller.js';
import { MilestonesService } from './milestones.service.js';
import { OwnGrantInterceptor } from './own-grant.interceptor.js';
import { ReviewsService } from './reviews.service.js';

/**
 * Applications, milestones, board review, the grantee's link and the grants' jobs.
 * MILESTONE_EXPENSE_POSTER posts a paid 'self' stipend milestone to the ledger (and keeps
 * the milestone_expenses record).
 */
@Module({
  imports: [AuditModule, AccessTokenModule, FundsModule, LedgerModule, EmailModule],
  controllers: [GrantsController, MilestonesController, GranteeController],
  providers: [
    GrantsService,
    MilestonesService,
    ReviewsService,
    GranteeService,
    GranteeLinksService,
    GrantJobsService,
    RecordingExpensePoster,
    { provide: MILESTONE_EXPENSE_POSTER, useClass: LedgerExpensePoster },
    { provide: APP_INTERCEPTOR, useClass: OwnGrantInterceptor },
  ],
  exports: [GrantsService, ReviewsService, MilestonesService, GrantJobsService, MILESTONE_EXPENSE_POSTER, GranteeService],
})
export class GrantsModule {}
