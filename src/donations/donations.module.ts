import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { EmailModule } from '../email/email.module.js';
import { FundsModule } from '../funds/funds.module.js';
import { LedgerModule } from '../ledger/ledger.module.js';
import { SponsorsModule } from '../sponsors/sponsors.module.js';
import { DonationAdjustmentsService } from './donation-adjustments.service.js';
import { DonationsController } from './donations.controller.js';
import { DonationReversalService } from './donation-reversal.service.js';
import { DonationsService } from './donations.service.js';
import { ReceiptService } from './receipt.service.js';

/** Reconciliation and Stripe import it to record donations through the same service. */
@Module({
  imports: [AuditModule, SponsorsModule, FundsModule, LedgerModule, EmailModule],
  controllers: [DonationsController],
  providers: [DonationsService, DonationAdjustmentsService, DonationReversalService, ReceiptService],
  exports: [DonationsService, DonationAdjustmentsService, DonationReversalService, ReceiptService],
})
export class DonationsModule {}
