import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { PeriodsController } from './periods.controller.js';
import { PeriodsService } from './periods.service.js';

@Module({ imports: [AuditModule], controllers: [PeriodsController], providers: [PeriodsService], exports: [PeriodsService] })
export class PeriodsModule {}
