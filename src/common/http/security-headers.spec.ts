import fastifyHelmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import Fastify, { type FastifyInstance } from 'fastify';
import { SECURITY_HEADERS } from '../../app.factory.js';
import { helmetSteps, registerSecurityHeaders } from './security-headers.js';

/** Every header of a response, names and values in the order they were sent. */
async function headersOf(app: FastifyInstance, url: string): Promise<string[]> {
  app.get('/page', (_request, reply) => reply.header('content-security-policy', "default-src 'none'").send('<p>page</p>'));
  app.get('/json', () => ({ ok: true }));
  const res = await app.inject({ method: 'GET', url });
  return Object.entries(res.headers).map(([name, value]) => `${name}: ${String(value)}`);
}

describe('security headers computed once', () => {
  it.each(['/json', '/page', '/missing'])('sends what @fastify/helmet sent for %s, byte for byte and in order', async (url) => {
    const plugin = Fastify();
    // The same options; the plugin's types come from its own copy of helmet's declarations.
    await plugin.register(fastifyHelmet, SECURITY_HEADERS as unknown as FastifyHelmetOptions);
    const once = Fastify();
    registerSecurityHeaders(once, SECURITY_HEADERS);
    const expected = await headersOf(plugin, url);
    expect(await headersOf(once, url)).toEqual(expected);
    expect(expected.some((h) => h.startsWith('content-security-policy: '))).toBe(true);
    await plugin.close();
    await once.close();
  });

  it('records the policy as helmet writes it, and the X-Powered-By removal', () => {
    const steps = helmetSteps(SECURITY_HEADERS);
    expect(steps).toContainEqual({
      set: 'Content-Security-Policy',
      value:
        "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'none';img-src 'self' data:;object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self' 'unsafe-inline'",
    });
    expect(steps).toContainEqual({ remove: 'X-Powered-By' });
  });
});
