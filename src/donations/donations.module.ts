import { Global, Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { DonationAdjustmentsService } from './donation-adjustments.service.js';
import { DonationsController } from './donations.controller.js';
import { DonationReversalService } from './donation-reversal.service.js';
import { DonationsService } from './donations.service.js';
import { ReceiptService } from './receipt.service.js';

/** Global so imports and reconciliation can record donations through the same service. */
@Global()
@Module({
  imports: [AuditModule],
  controllers: [DonationsController],
  providers: [DonationsService, DonationAdjustmentsService, DonationReversalService, ReceiptService],
  exports: [DonationsService, DonationAdjustmentsService, ReceiptService],
})
export class DonationsModule {}
