import pino, { DestinationStream, Logger as Pino } from 'pino';
import pretty from 'pino-pretty';
import type { LoggingConfig } from '../../config/config.js';

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

/** Requests are described by method and redacted URL only: headers carry tokens and cookies. */
export function requestSummary(req: { id?: unknown; method?: string; url?: string; originalUrl?: string }) {
  const url = req.originalUrl ?? req.url;
  return { id: req.id, method: req.method, url: typeof url === 'string' ? redactUrl(url) : undefined };
}

/**
 * The one pino instance: JSON lines for machines, or coloured lines for a person at a terminal
 * (pino-pretty in this thread, synchronously, so nothing is lost when the process exits).
 * Credentials, email addresses and link tokens are removed from fields and from messages.
 */
export function createPino(config: LoggingConfig, destination?: DestinationStream): Pino {
  const out =
    destination ??
    (config.format === 'pretty'
      ? pretty({
          sync: true,
          colorize: true,
          translateTime: 'SYS:HH:MM:ss',
          ignore: 'pid,hostname,app,context,reqId',
          messageFormat: '{if context}{context}: {end}{msg}{if reqId} [{reqId}]{end}',
        })
      : pino.destination({ fd: 1, sync: true }));
  return pino(
    {
      level: config.level,
      base: { app: 'coffer' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["stripe-signature"]', '*.password', '*.passwordHash', '*.accessToken', '*.token', '*.email'],
        censor: '[redacted]',
      },
      serializers: { req: requestSummary },
      hooks: {
        // Messages are free text written by many hands: take addresses and link tokens out of
        // them here, once, rather than trusting every call site.
        logMethod(args, method) {
          method.apply(this, args.map((arg) => (typeof arg === 'string' ? redactText(arg) : arg)) as Parameters<typeof method>);
        },
      },
    },
    out,
  );
}
