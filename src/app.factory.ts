import { randomUUID } from 'node:crypto';
import { LogController } from 'fastify';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import view from '@fastify/view';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module.js';
import { trustProxySetting, validateEnv } from './config/env.validation.js';
import { HttpExceptionFilter } from './common/errors/http-exception.filter.js';
import { createValidationPipe } from './common/errors/validation.pipe.js';
import { createPino, PinoNestLogger } from './common/logging/logger.js';
import { RATE_LIMITS, RateLimits } from './auth/rate-limit.decorator.js';
import { postgresRateLimitStore } from './auth/pg-rate-limit.store.js';
import { setManualAmountLimit } from './common/money/amount-limit.js';
import { errorBody } from './common/errors/error-body.js';
import { registerBodyGuard } from './common/http/body-guard.js';
import { pageViewOptions } from './pages/page-view.js';

/** Builds the whole HTTP application; used by `main.ts`, the tests and the benchmarks alike. */
export async function createApp(): Promise<NestFastifyApplication> {
  const env = validateEnv(process.env);
  const log = createPino(env.LOG_LEVEL);
  setManualAmountLimit(env.MAX_MANUAL_AMOUNT_MINOR);
  const adapter = new FastifyAdapter({
    // The client address behind TRUST_PROXY's proxies: what rate limits and the login throttle count.
    trustProxy: trustProxySetting(env.TRUST_PROXY),
    loggerInstance: log,
    bodyLimit: env.BODY_LIMIT_BYTES,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    // Every request is logged only at debug/trace: at info it would cost the read API throughput.
    logController: new LogController({ disableRequestLogging: env.LOG_LEVEL !== 'debug' && env.LOG_LEVEL !== 'trace' }),
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(), adapter, {
    logger: new PinoNestLogger(log),
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
  fastify.decorate(RATE_LIMITS, { login: env.LOGIN_RATE_LIMIT_PER_MINUTE, public: env.PUBLIC_RATE_LIMIT_PER_MINUTE } satisfies RateLimits);
  await app.register(rateLimit, {
    global: false,
    // Counters in PostgreSQL, shared by every instance (SPEC §2). The embedded database serves
    // exactly one process and one connection, which a long import may hold: memory is right there.
    ...(env.DATABASE_URL ? { store: postgresRateLimitStore(() => app.get(DataSource)) } : {}),
    errorResponseBuilder: (_request, context) =>
      errorBody(429, `Too many requests: at most ${context.max} a minute; retry in ${context.after}`),
  });
  // Uploads (imports) are streamed part by part; the limit turns a too-large file into a 413.
  await app.register(multipart, { limits: { fileSize: env.IMPORT_MAX_BYTES, files: 1, fields: 10, fieldSize: 64 * 1024, parts: 12 } });
  await app.register(helmet, {
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
  });

  // Server-rendered pages (src/pages, templates/pages); they set their own stricter CSP.
  await app.register(view, pageViewOptions());

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Coffer')
      .setDescription('Grant and donation back office: donations, ledger, reconciliation, grants and milestones.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}
