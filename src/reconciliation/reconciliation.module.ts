import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { DonationsModule } from '../donations/donations.module.js';
import { FundsModule } from '../funds/funds.module.js';
import { LedgerModule } from '../ledger/ledger.module.js';
import { SponsorsModule } from '../sponsors/sponsors.module.js';
import { AcknowledgeService } from './acknowledge.service.js';
import { ClassifyService } from './classify.service.js';
import { MatchCandidatesService } from './match-candidates.service.js';
import { MatchesService } from './matches.service.js';
import { ProviderBookingService } from './provider-booking.service.js';
import { BankLinesController, ReconciliationController } from './reconciliation.controller.js';
import { ReconciliationRunService } from './reconciliation-run.service.js';

@Module({
  imports: [AuditModule, SponsorsModule, FundsModule, LedgerModule, DonationsModule],
  controllers: [ReconciliationController, BankLinesController],
  providers: [ReconciliationRunService, MatchesService, ClassifyService, ProviderBookingService, AcknowledgeService, MatchCandidatesService],
  exports: [ReconciliationRunService, MatchesService, ClassifyService, AcknowledgeService, MatchCandidatesService],
})
export class ReconciliationModule {}
