import { DynamicModule, Global, Module, RequestMethod } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { LoggerModule, Params } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { LoggingConfig } from '../../config/config.js';
import { AppLogger } from './app-logger.js';
import { createPino, requestSummary } from './logger.js';
import { requestIdOf } from './request-id.js';

/**
 * Request-scoped logging through nestjs-pino: pino-http gives each request a child logger
 * bound to its `reqId`, and every Nest `Logger` call made while serving it writes through that
 * child. Requests themselves are logged only at debug/trace: at info a line per request would
 * cost the read API throughput and bury what matters.
 */
@Global()
@Module({})
export class LoggingModule {
  static forRoot(config: LoggingConfig): DynamicModule {
    return {
      module: LoggingModule,
      imports: [LoggerModule.forRoot(loggingParams(config))],
      providers: [AppLogger],
      exports: [AppLogger],
    };
  }
}

const built = new WeakMap<LoggingConfig, Params>();

/**
 * nestjs-pino's settings for one configuration, built once: the app factory hands Nest a logger
 * made from them before the module exists, so even a failing start-up logs through pino.
 * (nestjs-pino keeps the first root logger of a process; tests run each file in its own.)
 */
export function loggingParams(config: LoggingConfig, destination?: DestinationStream): Params {
  let params = built.get(config);
  if (!params) {
    params = {
      // Every path, the root included (nestjs-pino's default pattern matches nothing on Nest 12 with Fastify).
      forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
      pinoHttp: {
        logger: createPino(config, destination),
        genReqId: (req: IncomingMessage) => requestIdOf(req),
        // The request's child logger carries the id only; the request itself is described once,
        // on the completion line.
        quietReqLogger: true,
        // pino-http serialises requests itself (headers included); keep method and redacted URL.
        serializers: { req: requestSummary },
        autoLogging: config.level === 'debug' || config.level === 'trace',
      },
    };
    built.set(config, params);
  }
  return params;
}
