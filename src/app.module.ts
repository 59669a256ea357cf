import { DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { CallsModule } from './calls/calls.module.js';
import { BootstrapService } from './bootstrap.service.js';
import { Configuration, configModule } from './config/config.js';
import { LoggingModule } from './common/logging/logging.module.js';
import { DatabaseModule } from './database/database.module.js';
import { EmailModule } from './email/email.module.js';
import { GrantsModule } from './grants/grants.module.js';
import { HealthModule } from './health/health.module.js';
import { InterestModule } from './interest/interest.module.js';
import { ImportsModule } from './imports/imports.module.js';
import { UsersModule } from './users/users.module.js';
import { LedgerModule } from './ledger/ledger.module.js';
import { FundsModule } from './funds/funds.module.js';
import { SponsorsModule } from './sponsors/sponsors.module.js';
import { DonationsModule } from './donations/donations.module.js';
import { StripeModule } from './stripe/stripe.module.js';
import { ExportsModule } from './exports/exports.module.js';
import { ReconciliationModule } from './reconciliation/reconciliation.module.js';
import { PeriodsModule } from './periods/periods.module.js';
import { JobsModule } from './jobs/jobs.module.js';
import { RatesModule } from './rates/rates.module.js';
import { RolesModule } from './roles/roles.module.js';
import { ExpensesModule } from './expenses/expenses.module.js';
import { RunwayModule } from './runway/runway.module.js';
import { UpdatesModule } from './updates/updates.module.js';
import { PriorityAreasModule } from './priority-areas/priority-areas.module.js';
import { PagesModule } from './pages/pages.module.js';
import { PublicModule } from './public/public.module.js';
import { HiringModule } from './hiring/hiring.module.js';
import { StaffModule } from './staff/staff.module.js';

/**
 * A dynamic module over a configuration read once by the caller (main, the CLI, a test): the
 * CLI and tests build apps with different settings in one process.
 */
@Module({})
export class AppModule {
  static forRoot(config: Configuration): DynamicModule {
    return {
      module: AppModule,
      imports: [
        configModule(config),
        LoggingModule.forRoot(config.logging),
        DatabaseModule,
        AuditModule,
        EmailModule,
        UsersModule,
        AuthModule,
        HealthModule,
        InterestModule,
        CallsModule,
        GrantsModule,
        ImportsModule,
        LedgerModule,
        FundsModule,
        SponsorsModule,
        DonationsModule,
        StripeModule,
        ExportsModule,
        ReconciliationModule,
        PeriodsModule,
        JobsModule,
        RatesModule,
        RolesModule,
        ExpensesModule,
        RunwayModule,
        UpdatesModule,
        PriorityAreasModule,
        PagesModule,
        PublicModule,
        HiringModule,
        StaffModule,
      ],
      providers: [BootstrapService],
    };
  }
}
