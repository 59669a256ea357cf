import { Global, Module } from '@nestjs/common';
import { LedgerCheckService } from './ledger-check.service.js';
import { LedgerController } from './ledger.controller.js';
import { LedgerService } from './ledger.service.js';

/** Global: every feature that moves money (donations, Stripe, roles, imports) posts through it. */
@Global()
@Module({
  controllers: [LedgerController],
  providers: [LedgerService, LedgerCheckService],
  exports: [LedgerService, LedgerCheckService],
})
export class LedgerModule {}
