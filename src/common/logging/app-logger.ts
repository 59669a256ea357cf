import { Inject, Injectable } from '@nestjs/common';
import { Logger, PARAMS_PROVIDER_TOKEN, PinoLogger } from 'nestjs-pino';
import type { Params } from 'nestjs-pino';

/**
 * Nest's start-up narration (a line per module, per controller, per route: ~130 lines here)
 * says nothing a person starting Coffer needs, so it is logged at debug, not info.
 */
const START_UP_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'NestApplication']);

/** Nest's logger, through nestjs-pino (so a line logged during a request carries its reqId). */
@Injectable()
export class AppLogger extends Logger {
  constructor(logger: PinoLogger, @Inject(PARAMS_PROVIDER_TOKEN) params: Params) {
    super(logger, params);
  }

  /**
   * Nest's ExceptionHandler reports what failed while the app was being built; with
   * `abortOnError: false` that error is also thrown to whoever builds the app (main prints it
   * once, in one place), so logging it here would print it twice, with a stack.
   */
  override error(message: unknown, ...optionalParams: unknown[]): void {
    if (optionalParams.at(-1) === 'ExceptionHandler') super.debug(message, ...optionalParams);
    else super.error(message, ...optionalParams);
  }

  override log(message: unknown, ...optionalParams: unknown[]): void {
    const context = optionalParams.at(-1);
    if (typeof context === 'string' && START_UP_CONTEXTS.has(context)) super.debug(message, ...optionalParams);
    else super.log(message, ...optionalParams);
  }
}
