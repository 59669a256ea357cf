import { Module } from '@nestjs/common';
import { FundsModule } from '../funds/funds.module.js';
import { RatesModule } from '../rates/rates.module.js';
import { PublicController } from './public.controller.js';
import { PublicSummaryService } from './public-summary.service.js';

/** The public transparency summary (SPEC §7). */
@Module({
  imports: [FundsModule, RatesModule],
  controllers: [PublicController],
  providers: [PublicSummaryService],
  exports: [PublicSummaryService],
})
export class PublicModule {}
