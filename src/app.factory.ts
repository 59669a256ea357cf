import type { IncomingMessage } from 'node:http';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { PinoLogger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import { Configuration, loadConfig } from './config/config.js';
import { HttpExceptionFilter } from './common/errors/http-exception.filter.js';
import { createValidationPipe } from './common/errors/validation.pipe.js';
import { AppLogger } from './common/logging/app-logger.js';
import { loggingParams } from './common/logging/logging.module.js';
import { requestIdOf } from './common/logging/request-id.js';
import { RATE_LIMITS, RateLimits } from './auth/rate-limit.decorator.js';
import { errorBody } from './common/errors/error-body.js';

/**
 * Builds the whole HTTP application; used by `main.ts`, the tests and the benchmarks alike.
 * `config` is read from the environment when not given (tests set variables, then build).
 */
export async function createApp(config: Configuration = loadConfig()): Promise<NestFastifyApplication> {
  const { app: settings } = config;
  const adapter = new FastifyAdapter({
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
  fastify.decorate(RATE_LIMITS, { login: settings.loginRateLimitPerMinute, public: settings.publicRateLimitPerMinute } satisfies RateLimits);
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      errorBody(429, `Too many requests: at most ${context.max} a minute; retry in ${context.after}`),
  });
  // Uploads (imports) are streamed part by part; the limit turns a too-large file into a 413.
  await app.register(multipart, { limits: { fileSize: settings.importMaxBytes, files: 1, fields: 10, fieldSize: 64 * 1024, parts: 12 } });
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
