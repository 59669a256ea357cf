import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { AccessTokenService } from '../auth/access-token.js';
import { JobRunsService } from './jobs/job-runs.service.js';

/** What interest, calls and grants share: one-purpose links and job claims. */
@Module({
  imports: [AuditModule],
  providers: [AccessTokenService, JobRunsService],
  exports: [AccessTokenService, JobRunsService, AuditModule],
})
export class GrantsSharedModule {}
