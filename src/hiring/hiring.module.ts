import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { AccessTokenModule } from '../auth/access-token.module.js';
import { EmailModule } from '../email/email.module.js';
import { RolesModule } from '../roles/roles.module.js';
import { ApplicationReviewService } from './application-review.service.js';
import { ApplicationsService } from './applications.service.js';
import { HiringPublicController, RoleApplicationsController } from './hiring.controller.js';
import { JobsService } from './jobs.service.js';

/** Hiring for funded roles (SPEC §7): postings, applications with a CV, the board's stages and vote. */
@Module({
  imports: [AuditModule, AccessTokenModule, EmailModule, RolesModule],
  controllers: [HiringPublicController, RoleApplicationsController],
  providers: [JobsService, ApplicationsService, ApplicationReviewService],
  exports: [JobsService, ApplicationsService, ApplicationReviewService],
})
export class HiringModule {}
