import pino from 'pino';
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const SECRET_PATH = /\/(status|grantee|unsubscribe)\/[^/?#]+/g;
export function redactText(text) {
    return text.replace(SECRET_PATH, '/$1/[redacted]').replace(EMAIL, '[email]');
}
export function redactUrl(url) {
    const [path, query] = url.split('?', 2);
    const cleanQuery = query ? query.replace(/((?:^|&)(?:token|key|email|password|secret)[^=&]*=)[^&]*/gi, '$1[redacted]') : '';
    return redactText(path) + (cleanQuery ? `?${cleanQuery}` : '');
}
export function createPino(level) {
    return pino({
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
            req: (req) => ({ id: req.id, method: req.method, url: redactUrl(req.url) }),
        },
    });
}
export class PinoNestLogger {
    pino;
    constructor(pino) {
        this.pino = pino;
    }
    log(message, context) {
        this.pino.info({ context }, redactText(String(message)));
    }
    error(message, trace, context) {
        this.pino.error({ context, trace }, redactText(String(message)));
    }
    warn(message, context) {
        this.pino.warn({ context }, redactText(String(message)));
    }
    debug(message, context) {
        this.pino.debug({ context }, redactText(String(message)));
    }
    verbose(message, context) {
        this.pino.trace({ context }, redactText(String(message)));
    }
}
//# sourceMappingURL=logger.js.map