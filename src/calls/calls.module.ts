import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { EmailModule } from '../email/email.module.js';
import { CallRemindersService } from './call-reminders.service.js';
import { CallsController } from './calls.controller.js';
import { CallsService } from './calls.service.js';

@Module({
  imports: [AuditModule, EmailModule],
  controllers: [CallsController],
  providers: [CallsService, CallRemindersService],
  exports: [CallRemindersService],
})
export class CallsModule {}
