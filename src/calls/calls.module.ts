import { Module } from '@nestjs/common';
import { GrantsSharedModule } from '../grants/grants-shared.module.js';
import { CallRemindersService } from './call-reminders.service.js';
import { CallsController } from './calls.controller.js';
import { CallsService } from './calls.service.js';

@Module({
  imports: [GrantsSharedModule],
  controllers: [CallsController],
  providers: [CallsService, CallRemindersService],
  exports: [CallRemindersService],
})
export class CallsModule {}
