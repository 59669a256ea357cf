import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public, Roles } from '../auth/access.decorator.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { RateLimited } from '../auth/rate-limit.decorator.js';
import { pickLocale } from '../email/email-template.js';
import type { Actor } from '../users/role.js';
import { CheckoutDto } from './checkout.dto.js';
import { CheckoutService } from './checkout.service.js';
import { StripeSyncService } from './stripe-sync.service.js';

@ApiTags('stripe')
@Controller('api/v1')
export class StripeController {
  constructor(
    private readonly checkout: CheckoutService,
    private readonly syncer: StripeSyncService,
  ) {}

  /** Opens a Stripe Checkout session; 503 when Stripe is not configured. */
  @Public()
  @RateLimited('public')
  @Post('donate/checkout')
  create(@Body() dto: CheckoutDto, @Headers('accept-language') acceptLanguage: string | undefined) {
    return this.checkout.create(dto, pickLocale(acceptLanguage));
  }

  /** Creates whatever lost webhooks missed, from Stripe's balance transactions and payouts. */
  @Roles('admin', 'treasurer')
  @Post('stripe/sync')
  @HttpCode(200)
  sync(@CurrentUser() actor: Actor) {
    return this.syncer.sync(actor);
  }
}
