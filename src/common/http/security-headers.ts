import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/** What helmet does to a response: set a header, or remove one (X-Powered-By). */
export type HeaderStep = { set: string; value: string | number | readonly string[] } | { remove: string };

/**
 * The header steps helmet takes for `options`, recorded once. Helmet's middleware is synchronous
 * and, without per-request directives (functions) or nonces, does the same to every response.
 */
export function helmetSteps(options: Readonly<HelmetOptions>): HeaderStep[] {
  const steps: HeaderStep[] = [];
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => steps.push({ set: name, value }),
    removeHeader: (name: string) => steps.push({ remove: name }),
  };
  let failure: unknown;
  let finished = false;
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    failure = error;
    finished = true;
  });
  if (failure) throw failure instanceof Error ? failure : new Error('helmet refused its options', { cause: failure });
  if (!finished) throw new Error('helmet did not finish synchronously: its headers cannot be computed once');
  return steps;
}

/**
 * Helmet's security headers on every response, computed when the app is built. `@fastify/helmet`
 * called `helmet(options)` on every request, which rebuilt all its middleware and re-parsed and
 * re-serialised the Content-Security-Policy each time (B2: ~2 % of the app's CPU under the webhook
 * storm); the headers are the same, byte for byte, in the same order. Routes that need another
 * policy (pages, previews) still overwrite `content-security-policy` on their reply.
 */
export function registerSecurityHeaders(fastify: FastifyInstance, options: Readonly<HelmetOptions>): void {
  const steps = helmetSteps(options);
  fastify.addHook('onRequest', (_request, reply, done) => {
    const res = reply.raw;
    for (const step of steps) {
      if ('set' in step) res.setHeader(step.set, step.value);
      else res.removeHeader(step.remove);
    }
    done();
  });
}
