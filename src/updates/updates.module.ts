import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { EmailModule } from '../email/email.module.js';
import { ImpactSummaryService } from './impact-summary.service.js';
import { UpdateSender } from './update-sender.service.js';
import { UpdatesController } from './updates.controller.js';
import { UpdatesService } from './updates.service.js';

@Module({
  imports: [AuditModule, EmailModule],
  controllers: [UpdatesController],
  providers: [UpdatesService, UpdateSender, ImpactSummaryService],
  exports: [ImpactSummaryService, UpdatesService, UpdateSender],
})
export class UpdatesModule {}
