import { LoggerService } from '@nestjs/common';
import pino, { DestinationStream, Logger as Pino } from 'pino';

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
/** Path segments that are bearer secrets themselves (status, grantee and unsubscribe links). */
const SECRET_PATH = /\/(status|grantee|unsubscribe)\/[^/?#]+/g;

export function redactText(text: string): string {
  return text.replace(SECRET_PATH, '/$1/[redacted]').replace(EMAIL, '[email]');
}

export function redactUrl(url: string): string {
  const [path, query] = url.split('?', 2);
  const cleanQuery = query ? query.replace(/((?:^|&)(?:token|key|email|password|secret)[^=&]*=)[^&]*/gi, '$1[redacted]') : '';
  return redactText(path) + (cleanQuery ? `?${cleanQuery}` : '');
}

export function createPino(level: string, destination?: DestinationStream): Pino {
  return pino(
    {
    level,
    base: { app: 'coffer' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'req.headers["stripe-signature"]',
        '*.password',
        '*.passwordHash',
        '*.accessToken',
        '*.token',
        '*.email',
      ],
      censor: '[redacted]',
    },
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: typeof req.url === 'string' ? redactUrl(req.url) : undefined }),
    },
    },
    destination,
  );
}

/** Nest's own log lines through the same pino instance, so every line is structured JSON. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly pino: Pino) {}
  log(message: unknown, context?: string) {
    this.pino.info({ context }, redactText(String(message)));
  }
  error(message: unknown, trace?: string, context?: string) {
    this.pino.error({ context, trace }, redactText(String(message)));
  }
  warn(message: unknown, context?: string) {
    this.pino.warn({ context }, redactText(String(message)));
  }
  debug(message: unknown, context?: string) {
    this.pino.debug({ context }, redactText(String(message)));
  }
  verbose(message: unknown, context?: string) {
    this.pino.trace({ context }, redactText(String(message)));
  }
}
