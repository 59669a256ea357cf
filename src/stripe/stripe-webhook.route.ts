import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendError } from '../common/errors/http-exception.filter.js';
import type { BodyGuardRouteConfig } from '../common/http/body-guard.js';
import { StripeWebhookService } from './stripe-webhook.service.js';

/**
 * The webhook's route and who may call it (anyone: the signature is checked instead). Nest's
 * metadata does not know a route registered on Fastify, so the route list the authorization
 * matrix (R7) and the bad-input test (R6) walk takes it from here (test/setup/routes.ts).
 */
export const STRIPE_WEBHOOK_ROUTE = { method: 'POST', path: '/api/v1/webhooks/stripe', handler: 'StripeWebhookRoute.receive', access: { public: true } } as const;

/** The content type the JSON body parser handles (`application/json`, with or without parameters). */
const JSON_BODY = /^\s*application\/json\s*(;|$)/i;

/**
 * `POST /api/v1/webhooks/stripe` as a plain Fastify route instead of a Nest controller (B2).
 * Stripe's signature is its only credential, so what Nest's pipeline adds per request — the
 * global guard (which only reads `@Public()`), the interceptors through rxjs, the pipes, the
 * handler's parameter factories — did nothing for it, yet was ~10 % of the app's CPU under a
 * webhook storm. Everything Fastify-level still applies as to any route, because the route is
 * registered on the same instance at the same point of start-up as Nest's own routes
 * (`onModuleInit` runs right after Nest registered its router): the JSON parser that keeps the
 * raw bytes (`rawBody`), the body guard, the security headers, `x-request-id`, the request
 * logger (Nest's middleware, through middie). Failures are answered by `sendError`, the global
 * exception filter's own code, so every answer is what the controller gave.
 */
@Injectable()
export class StripeWebhookRoute implements OnModuleInit {
  private readonly errors = new Logger('Errors');

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly webhooks: StripeWebhookService,
  ) {}

  onModuleInit(): void {
    // An application context without HTTP (scripts, jobs) has no adapter and no route.
    const fastify: FastifyInstance | undefined = this.adapterHost.httpAdapter?.getInstance?.<FastifyInstance>();
    if (!fastify || typeof fastify.route !== 'function') return;
    fastify.route({
      method: STRIPE_WEBHOOK_ROUTE.method,
      url: STRIPE_WEBHOOK_ROUTE.path,
      // Stripe's events are not typed into Coffer: the body guard checks only what cannot be stored.
      config: { typedText: false } satisfies BodyGuardRouteConfig,
      handler: (request, reply) => this.receive(request, reply),
    });
  }

  /** Verified on the raw bytes before any parsing is trusted (see StripeClient.verify). */
  async receive(request: FastifyRequest & { rawBody?: Buffer }, reply: FastifyReply) {
    // The JSON body parser read the same bytes (rawBody) already; other content types leave the parsing to Stripe's SDK.
    const parsedJson = JSON_BODY.test(request.headers['content-type'] ?? '') ? request.body : undefined;
    try {
      return await this.webhooks.receive(request.rawBody, request.headers['stripe-signature'], parsedJson);
    } catch (exception) {
      return sendError(exception, reply, this.errors);
    }
  }
}
