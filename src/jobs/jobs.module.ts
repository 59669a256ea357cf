import { Module } from '@nestjs/common';
import { CallsModule } from '../calls/calls.module.js';
import { HousekeepingService } from '../database/housekeeping.service.js';
import { GrantsModule } from '../grants/grants.module.js';
import { StripeModule } from '../stripe/stripe.module.js';
import { JobsScheduler } from './jobs.scheduler.js';

/** The timer that runs every feature's periodic jobs; the features only export their jobs. */
@Module({
  imports: [CallsModule, GrantsModule, StripeModule],
  providers: [JobsScheduler, HousekeepingService],
})
export class JobsModule {}
