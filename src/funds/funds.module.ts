import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { LedgerModule } from '../ledger/ledger.module.js';
import { PeriodsModule } from '../periods/periods.module.js';
import { RatesModule } from '../rates/rates.module.js';
import { FundBalancesService } from './fund-balances.service.js';
import { FundSpendingService } from './fund-spending.service.js';
import { FundTransfersService } from './fund-transfers.service.js';
import { FundsController } from './funds.controller.js';
import { FundsService } from './funds.service.js';

@Module({
  imports: [AuditModule, RatesModule, PeriodsModule, LedgerModule],
  controllers: [FundsController],
  providers: [FundsService, FundBalancesService, FundSpendingService, FundTransfersService],
  exports: [FundsService, FundSpendingService, FundBalancesService, FundTransfersService],
})
export class FundsModule {}
