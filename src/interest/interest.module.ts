import { Module } from '@nestjs/common';
import { GrantsSharedModule } from '../grants/grants-shared.module.js';
import { InterestPublicController, InterestTriageController } from './interest.controller.js';
import { InterestService } from './interest.service.js';

@Module({
  imports: [GrantsSharedModule],
  controllers: [InterestPublicController, InterestTriageController],
  providers: [InterestService],
  exports: [InterestService],
})
export class InterestModule {}
