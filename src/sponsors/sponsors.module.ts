import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { AccessTokenModule } from '../auth/access-token.module.js';
import { EmailModule } from '../email/email.module.js';
import { DonorLinksService } from './donor-links.service.js';
import { SponsorErasureService } from './sponsor-erasure.service.js';
import { SponsorsController } from './sponsors.controller.js';
import { SponsorsService } from './sponsors.service.js';
import { StatementService } from './statement.service.js';

@Module({
  imports: [AuditModule, EmailModule, AccessTokenModule],
  controllers: [SponsorsController],
  providers: [SponsorsService, StatementService, DonorLinksService, SponsorErasureService],
  exports: [SponsorsService, StatementService, DonorLinksService],
})
export class SponsorsModule {}
