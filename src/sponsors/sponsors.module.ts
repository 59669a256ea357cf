import { Global, Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { SponsorsController } from './sponsors.controller.js';
import { SponsorsService } from './sponsors.service.js';
import { StatementService } from './statement.service.js';

@Global()
@Module({ imports: [AuditModule], controllers: [SponsorsController], providers: [SponsorsService, StatementService], exports: [SponsorsService] })
export class SponsorsModule {}
