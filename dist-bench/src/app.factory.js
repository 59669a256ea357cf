import { randomUUID } from 'node:crypto';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module.js';
import { validateEnv } from './config/env.validation.js';
import { HttpExceptionFilter } from './common/errors/http-exception.filter.js';
import { createValidationPipe } from './common/errors/validation.pipe.js';
import { createPino, PinoNestLogger } from './common/logging/logger.js';
import { RATE_LIMITS } from './auth/rate-limit.decorator.js';
import { errorBody } from './common/errors/error-body.js';
export async function createApp() {
    const env = validateEnv(process.env);
    const log = createPino(env.LOG_LEVEL);
    const adapter = new FastifyAdapter({
        loggerInstance: log,
        bodyLimit: env.BODY_LIMIT_BYTES,
        requestIdHeader: 'x-request-id',
        genReqId: () => randomUUID(),
        disableRequestLogging: env.LOG_LEVEL !== 'debug' && env.LOG_LEVEL !== 'trace',
    });
    const app = await NestFactory.create(AppModule.forRoot(), adapter, {
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
    fastify.decorate(RATE_LIMITS, { login: env.LOGIN_RATE_LIMIT_PER_MINUTE, public: env.PUBLIC_RATE_LIMIT_PER_MINUTE });
    await app.register(rateLimit, {
        global: false,
        errorResponseBuilder: (_request, context) => errorBody(429, `Too many requests: at most ${context.max} a minute; retry in ${context.after}`),
    });
    await app.register(helmet, {
        contentSecurityPolicy: {
            directives: {
                defaultSrc: ["'self'"],
                styleSrc: ["'self'", "'unsafe-inline'"],
                imgSrc: ["'self'", 'data:'],
                scriptSrc: ["'self'"],
                formAction: ["'self'"],
                frameAncestors: ["'none'"],
                upgradeInsecureRequests: null,
            },
        },
    });
    const document = SwaggerModule.createDocument(app, new DocumentBuilder()
        .setTitle('Coffer')
        .setDescription('Grant and donation back office: donations, ledger, reconciliation, grants and milestones.')
        .setVersion('1')
        .addBearerAuth()
        .build());
    SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
    return app;
}
//# sourceMappingURL=app.factory.js.map