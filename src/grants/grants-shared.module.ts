import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { AccessTokenService } from '../auth/access-token.js';

/** What interest, calls and grants share: one-purpose links. */
@Module({
  imports: [AuditModule],
  providers: [AccessTokenService],
  exports: [AccessTokenService, AuditModule],
})
export class GrantsSharedModule {}
