import { Module } from '@nestjs/common';
import { FundsModule } from '../funds/funds.module.js';
import { EmailModule } from '../email/email.module.js';
import { LedgerModule } from '../ledger/ledger.module.js';
import { RatesModule } from '../rates/rates.module.js';
import { RolesModule } from '../roles/roles.module.js';
import { RunwayAlertScheduler } from './runway-alert.scheduler.js';
import { RunwayAlertService } from './runway-alert.service.js';
import { RunwayController } from './runway.controller.js';
import { RunwayService } from './runway.service.js';

/** The runway report and its alert job (SPEC §7). */
@Module({
  imports: [FundsModule, RatesModule, RolesModule, EmailModule, LedgerModule],
  controllers: [RunwayController],
  providers: [RunwayService, RunwayAlertService, RunwayAlertScheduler],
  exports: [RunwayService, RunwayAlertService],
})
export class RunwayModule {}
