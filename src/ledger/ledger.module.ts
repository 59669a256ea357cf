import { Module } from '@nestjs/common';
import { LedgerCheckService } from './ledger-check.service.js';
import { LedgerController } from './ledger.controller.js';
import { LedgerService } from './ledger.service.js';

/** Every feature that moves money (donations, Stripe, reconciliation, grants) imports it to post. */
@Module({
  controllers: [LedgerController],
  providers: [LedgerService, LedgerCheckService],
  exports: [LedgerService, LedgerCheckService],
})
export class LedgerModule {}
