import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { FundsController } from './funds.controller.js';
import { FundsService } from './funds.service.js';

@Module({ imports: [AuditModule], controllers: [FundsController], providers: [FundsService], exports: [FundsService] })
export class FundsModule {}
