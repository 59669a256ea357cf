import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { EmailModule } from '../email/email.module.js';
import { DonationsModule } from '../donations/donations.module.js';
import { FundsModule } from '../funds/funds.module.js';
import { GrantsModule } from '../grants/grants.module.js';
import { HiringModule } from '../hiring/hiring.module.js';
import { ImportsModule } from '../imports/imports.module.js';
import { LedgerModule } from '../ledger/ledger.module.js';
import { InterestModule } from '../interest/interest.module.js';
import { PagesModule } from '../pages/pages.module.js';
import { PeriodsModule } from '../periods/periods.module.js';
import { ReconciliationModule } from '../reconciliation/reconciliation.module.js';
import { ExpensesModule } from '../expenses/expenses.module.js';
import { RolesModule } from '../roles/roles.module.js';
import { RunwayModule } from '../runway/runway.module.js';
import { SponsorsModule } from '../sponsors/sponsors.module.js';
import { FormOnceService } from './form-once.js';
import { UpdatesModule } from '../updates/updates.module.js';
import { UsersModule } from '../users/users.module.js';
import { LoginPagesController } from './login-pages.controller.js';
import { MonthPageService } from './month-page.service.js';
import { StaffAuditController } from './staff-audit.controller.js';
import { StaffDonationsController } from './staff-donations.controller.js';
import { StaffEmailsController } from './staff-emails.controller.js';
import { StaffGrantsController } from './staff-grants.controller.js';
import { StaffHiringController } from './staff-hiring.controller.js';
import { StaffInterestController } from './staff-interest.controller.js';
import { StaffExpensesController } from './staff-expenses.controller.js';
import { StaffFundsController } from './staff-funds.controller.js';
import { StaffPageExceptionFilter } from './staff-exception.filter.js';
import { StaffMonthController, StaffMonthRedirectController } from './staff-month.controller.js';
import { StaffHomeController } from './staff-home.controller.js';
import { StaffRenderService } from './staff-render.service.js';
import { StaffReviewsController } from './staff-reviews.controller.js';
import { StaffSponsorsController } from './staff-sponsors.controller.js';
import { StaffRolesController } from './staff-roles.controller.js';
import { StaffRunwayController } from './staff-runway.controller.js';
import { StaffUpdatesController } from './staff-updates.controller.js';
import { StaffUsersController } from './staff-users.controller.js';

/** The staff pages (SPEC §11, docs/pages.md "Staff pages"): sign-in, what waits on me, and one controller per back-office area. */
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
    DonationsModule,
    SponsorsModule,
    LedgerModule,
    InterestModule,
    HiringModule,
    RolesModule,
    ExpensesModule,
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
    StaffDonationsController,
    StaffSponsorsController,
    StaffGrantsController,
    StaffInterestController,
    StaffHiringController,
    StaffFundsController,
    StaffRunwayController,
    StaffRolesController,
    StaffExpensesController,
    StaffUpdatesController,
    StaffUsersController,
  ],
  providers: [StaffRenderService, StaffPageExceptionFilter, FormOnceService, MonthPageService],
})
export class StaffModule {}
