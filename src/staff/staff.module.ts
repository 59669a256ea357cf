import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { EmailModule } from '../email/email.module.js';
import { FundsModule } from '../funds/funds.module.js';
import { GrantsModule } from '../grants/grants.module.js';
import { ImportsModule } from '../imports/imports.module.js';
import { PagesModule } from '../pages/pages.module.js';
import { PeriodsModule } from '../periods/periods.module.js';
import { ReconciliationModule } from '../reconciliation/reconciliation.module.js';
import { RunwayModule } from '../runway/runway.module.js';
import { UpdatesModule } from '../updates/updates.module.js';
import { UsersModule } from '../users/users.module.js';
import { LoginPagesController } from './login-pages.controller.js';
import { StaffAuditController } from './staff-audit.controller.js';
import { StaffEmailsController } from './staff-emails.controller.js';
import { StaffPageExceptionFilter } from './staff-exception.filter.js';
import { StaffMonthController, StaffMonthRedirectController } from './staff-month.controller.js';
import { StaffHomeController } from './staff-home.controller.js';
import { StaffRenderService } from './staff-render.service.js';
import { StaffReviewsController } from './staff-reviews.controller.js';
import { StaffUpdatesController } from './staff-updates.controller.js';
import { StaffUsersController } from './staff-users.controller.js';

/** The staff pages (SPEC §11, docs/pages.md "Staff pages"): sign-in, the home page, the review queue, the email log, the treasurer's month, the audit log, sponsor updates, users. */
@Module({
  imports: [
    PagesModule,
    AuthModule,
    GrantsModule,
    EmailModule,
    PeriodsModule,
    RunwayModule,
    AuditModule,
    ReconciliationModule,
    ImportsModule,
    FundsModule,
    UpdatesModule,
    UsersModule,
  ],
  controllers: [
    LoginPagesController,
    StaffHomeController,
    StaffReviewsController,
    StaffEmailsController,
    StaffMonthController,
    StaffMonthRedirectController,
    StaffAuditController,
    StaffUpdatesController,
    StaffUsersController,
  ],
  providers: [StaffRenderService, StaffPageExceptionFilter],
})
export class StaffModule {}
