import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { AccessTokenModule } from '../auth/access-token.module.js';
import { EmailModule } from '../email/email.module.js';
import { InterestPublicController, InterestTriageController } from './interest.controller.js';
import { InterestService } from './interest.service.js';

@Module({
  imports: [AuditModule, AccessTokenModule, EmailModule],
  controllers: [InterestPublicController, InterestTriageController],
  providers: [InterestService],
  exports: [InterestService],
})
export class InterestModule {}
