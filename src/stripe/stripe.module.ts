import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { ChargeHandler } from './charge.handler.js';
import { CheckoutService } from './checkout.service.js';
import { PayoutHandler } from './payout.handler.js';
import { StripeSyncService } from './stripe-sync.service.js';
import { StripeWebhookController } from './stripe-webhook.controller.js';
import { StripeWebhookService } from './stripe-webhook.service.js';
import { StripeClient } from './stripe.client.js';
import { StripeController } from './stripe.controller.js';
import { SubscriptionHandler } from './subscription.handler.js';

@Module({
  imports: [AuditModule],
  controllers: [StripeWebhookController, StripeController],
  providers: [StripeClient, ChargeHandler, SubscriptionHandler, PayoutHandler, StripeWebhookService, StripeSyncService, CheckoutService],
  exports: [StripeClient, StripeWebhookService, StripeSyncService, CheckoutService],
})
export class StripeModule {}
