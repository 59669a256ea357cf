import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { DonationsModule } from '../donations/donations.module.js';
import { EmailModule } from '../email/email.module.js';
import { FundsModule } from '../funds/funds.module.js';
import { LedgerModule } from '../ledger/ledger.module.js';
import { SponsorsModule } from '../sponsors/sponsors.module.js';
import { AccessTokenModule } from '../auth/access-token.module.js';
import { ChargeHandler } from './charge.handler.js';
import { DonorPortalController } from './donor-portal.controller.js';
import { DonorPortalService } from './donor-portal.service.js';
import { ChargeBatcher } from './charge-batcher.js';
import { CheckoutService } from './checkout.service.js';
import { PayoutHandler } from './payout.handler.js';
import { StripeSyncService } from './stripe-sync.service.js';
import { StripeWebhookRoute } from './stripe-webhook.route.js';
import { StripeWebhookService } from './stripe-webhook.service.js';
import { StripeClient } from './stripe.client.js';
import { StripeController } from './stripe.controller.js';
import { SubscriptionHandler } from './subscription.handler.js';
import { SubscriptionListService } from './subscription-list.service.js';
import { SubscriptionRecords } from './subscription-records.js';
import { SubscriptionsController } from './subscriptions.controller.js';
import { StripeSyncJob } from './stripe-sync.job.js';

@Module({
  imports: [AuditModule, AccessTokenModule, SponsorsModule, FundsModule, LedgerModule, DonationsModule, EmailModule],
  controllers: [StripeController, SubscriptionsController, DonorPortalController],
  providers: [
    StripeClient,
    ChargeHandler,
    SubscriptionHandler,
    PayoutHandler,
    StripeWebhookService,
    ChargeBatcher,
    StripeWebhookRoute,
    StripeSyncService,
    CheckoutService,
    SubscriptionRecords,
    SubscriptionListService,
    StripeSyncJob,
    DonorPortalService,
  ],
  exports: [StripeClient, StripeWebhookService, StripeSyncService, StripeSyncJob, CheckoutService, DonorPortalService],
})
export class StripeModule {}
