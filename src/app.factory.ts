import type { IncomingMessage } from 'node:http';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import view from '@fastify/view';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import type { HelmetOptions } from 'helmet';
import { DataSource } from 'typeorm';
import { PinoLogger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import { Configuration, loadConfig } from './config/config.js';
import { trustProxySetting } from './config/env.validation.js';
import { HttpExceptionFilter } from './common/errors/http-exception.filter.js';
import { createValidationPipe } from './common/errors/validation.pipe.js';
import { AppLogger } from './common/logging/app-logger.js';
import { loggingParams } from './common/logging/logging.module.js';
import { requestIdOf } from './common/logging/request-id.js';
import { RATE_LIMITS, RateLimits } from './auth/rate-limit.decorator.js';
import { postgresRateLimitStore } from './auth/pg-rate-limit.store.js';
import { setManualAmountLimit } from './common/money/amount-limit.js';
import { errorBody } from './common/errors/error-body.js';
import { registerBodyGuard } from './common/http/body-guard.js';
import { registerSecurityHeaders } from './common/http/security-headers.js';
import { pageViewOptions } from './pages/page-view.js';
import { buildOpenApiDocument } from './common/openapi/openapi-document.js';

/** Helmet's headers for every response (pages and previews set their own, stricter CSP). */
export const SECURITY_HEADERS: Readonly<HelmetOptions> = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      scriptSrc: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      // Off: it would rewrite every asset to https on a plain-http local install.
      upgradeInsecureRequests: null,
    },
  },
};

/**
 * Builds the whole HTTP application; used by `main.ts`, the tests and the benchmarks alike.
 * `config` is read from the environment when not given (tests set variables, then build).
 */
export async function createApp(config: Configuration = loadConfig()): Promise<NestFastifyApplication> {
  const { app: settings, env } = config;
  setManualAmountLimit(env.MAX_MANUAL_AMOUNT_MINOR);
  const adapter = new FastifyAdapter({
    // Fastify gives each plugin 10 s to register; on a loaded 2-core machine (a full test run with
    // browsers) `@fastify/view` once took longer and the app refused to start. A slow start is not an error.
    pluginTimeout: 60_000,
    // The client address behind TRUST_PROXY's proxies: what rate limits and the login throttle count.
    trustProxy: trustProxySetting(env.TRUST_PROXY),
    bodyLimit: settings.bodyLimitBytes,
    // Decided once per request, shared with the request-scoped logger (see requestIdOf).
    requestIdHeader: false,
    genReqId: (raw: IncomingMessage) => requestIdOf(raw),
  });
  const params = loggingParams(config.logging);
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    // Through pino from the first line, so a failing start-up is logged like everything else.
    logger: new AppLogger(new PinoLogger(params), params),
    abortOnError: false,
    rawBody: true,
  });
  app.useGlobalFilters(new HttpExceptionFilter());
  app.useGlobalPipes(createValidationPipe());
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onSend', async (request, reply) => {
      reply.header('x-request-id', request.id);
    });
  const fastify = app.getHttpAdapter().getInstance();
  registerBodyGuard(fastify);
  fastify.decorate(RATE_LIMITS, { login: settings.loginRateLimitPerMinute, public: settings.publicRateLimitPerMinute } satisfies RateLimits);
  await app.register(rateLimit, {
    global: false,
    // Counters in PostgreSQL, shared by every instance (SPEC §2). The embedded database serves
    // exactly one process and one connection, which a long import may hold: memory is right there.
    ...(env.DATABASE_URL ? { store: postgresRateLimitStore(() => app.get(DataSource)) } : {}),
    errorResponseBuilder: (_request, context) => errorBody(429, `Too many requests: at most ${context.max} a minute; retry in ${context.after}`),
  });
  // Uploads (imports) are streamed part by part; the limit turns a too-large file into a 413.
  await app.register(multipart, { limits: { fileSize: settings.importMaxBytes, files: 1, fields: 10, fieldSize: 64 * 1024, parts: 12 } });
  registerSecurityHeaders(fastify, SECURITY_HEADERS);

  // Server-rendered pages (src/pages, templates/pages); they set their own stricter CSP.
  await app.register(view, pageViewOptions());

  // Built on the first /docs or /docs-json request, then kept (B6 warm start: building it walks
  // every controller and DTO, for a page most starts never serve).
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app, env.APP_URL), { jsonDocumentUrl: 'docs-json' });
  return app;
}
