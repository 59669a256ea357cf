import { DynamicModule, Global, Module } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { LoggingConfig } from '../../config/config.js';
import { AppLogger } from './app-logger.js';
import { createPino } from './logger.js';
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
  static forRoot(config: LoggingConfig, destination?: DestinationStream): DynamicModule {
    const logRequests = config.level === 'debug' || config.level === 'trace';
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            logger: createPino(config, destination),
            genReqId: (req: IncomingMessage) => requestIdOf(req),
            // The request's child logger carries the id only; the request itself is described
            // once, on the completion line.
            quietReqLogger: true,
            autoLogging: logRequests,
          },
        }),
      ],
      providers: [AppLogger],
      exports: [AppLogger],
    };
  }
}
