import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { LedgerModule } from '../ledger/ledger.module.js';
import { FundsModule } from '../funds/funds.module.js';
import { PeriodsModule } from '../periods/periods.module.js';
import { RolePaymentsService } from './role-payments.service.js';
import { RolesController } from './roles.controller.js';
import { RolesService } from './roles.service.js';
import { SeasonsController } from './seasons.controller.js';
import { SeasonsService } from './seasons.service.js';

/** Funded roles, summer-of-code seasons and role payments (SPEC §7). */
@Module({
  imports: [AuditModule, FundsModule, PeriodsModule, LedgerModule],
  controllers: [RolesController, SeasonsController],
  providers: [RolesService, SeasonsService, RolePaymentsService],
  exports: [RolesService, RolePaymentsService, SeasonsService],
})
export class RolesModule {}
