import { Module } from '@nestjs/common';
import { EmailModule } from '../email/email.module.js';
import { FundsModule } from '../funds/funds.module.js';
import { GrantsModule } from '../grants/grants.module.js';
import { HiringModule } from '../hiring/hiring.module.js';
import { InterestModule } from '../interest/interest.module.js';
import { StripeModule } from '../stripe/stripe.module.js';
import { ApplicationStatusPagesController } from './application-status-pages.controller.js';
import { ApplyPagesController } from './apply-pages.controller.js';
import { DonatePagesController } from './donate-pages.controller.js';
import { GranteePagesController } from './grantee-pages.controller.js';
import { HomePageController } from './home.controller.js';
import { InterestPagesController } from './interest-pages.controller.js';
import { JobsPagesController } from './jobs-pages.controller.js';
import { HiringOpenPositions, OPEN_POSITIONS } from './open-positions.js';
import { PageAssets } from './page-assets.js';
import { PageExceptionFilter } from './page-exception.filter.js';
import { PageRenderService } from './page-render.service.js';
import { PublicModule } from '../public/public.module.js';
import { UnsubscribePagesController } from './unsubscribe-pages.controller.js';

/**
 * The public web pages (SPEC §11) and the page framework the staff pages build on: exports the
 * render service, the assets and the error filter (see docs/pages.md).
 */
@Module({
  imports: [InterestModule, GrantsModule, StripeModule, FundsModule, EmailModule, HiringModule, PublicModule],
  controllers: [
    HomePageController,
    InterestPagesController,
    GranteePagesController,
    DonatePagesController,
    JobsPagesController,
    ApplyPagesController,
    ApplicationStatusPagesController,
    UnsubscribePagesController,
  ],
  providers: [PageRenderService, PageAssets, PageExceptionFilter, { provide: OPEN_POSITIONS, useClass: HiringOpenPositions }],
  exports: [PageRenderService, PageAssets, PageExceptionFilter],
})
export class PagesModule {}
