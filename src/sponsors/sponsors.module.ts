import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { EmailModule } from '../email/email.module.js';
import { SponsorsController } from './sponsors.controller.js';
import { SponsorsService } from './sponsors.service.js';
import { StatementService } from './statement.service.js';

@Module({ imports: [AuditModule, EmailModule], controllers: [SponsorsController], providers: [SponsorsService, StatementService], exports: [SponsorsService] })
export class SponsorsModule {}
