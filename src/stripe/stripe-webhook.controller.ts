import { Controller, Headers, HttpCode, Post, Req } from '@nestjs/common';
import { ApiExcludeEndpoint } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public } from '../auth/access.decorator.js';
import { StripeWebhookService } from './stripe-webhook.service.js';

/** The content type Nest's JSON body parser handles (`application/json`, with or without parameters). */
const JSON_BODY = /^\s*application\/json\s*(;|$)/i;

@Controller('api/v1/webhooks')
export class StripeWebhookController {
  constructor(private readonly webhooks: StripeWebhookService) {}

  /** Stripe's signature is the only credential: verified on the raw bytes, before any parsing is trusted. */
  @Public()
  @Post('stripe')
  @HttpCode(200)
  @ApiExcludeEndpoint()
  receive(@Req() req: FastifyRequest & { rawBody?: Buffer }, @Headers('stripe-signature') signature: string | undefined) {
    // The JSON body parser read the same bytes (rawBody) already; other content types leave the parsing to Stripe's SDK.
    const parsedJson = JSON_BODY.test(req.headers['content-type'] ?? '') ? req.body : undefined;
    return this.webhooks.receive(req.rawBody, signature, parsedJson);
  }
}
