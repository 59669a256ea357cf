import Fastify from 'fastify';
import { BUSY_REQUESTS_PER_SECOND, ForegroundLoad } from './foreground-load.js';

describe('ForegroundLoad: the requests of the last second', () => {
  it('counts what arrived within the last second and forgets older requests bucket by bucket', () => {
    let now = 10_000;
    const load = new ForegroundLoad(() => now);
    for (let i = 0; i < 30; i++) load.note();
    now += 300;
    for (let i = 0; i < 30; i++) load.note();
    expect(load.requestsLastSecond()).toBe(60);
    expect(load.busy()).toBe(60 >= BUSY_REQUESTS_PER_SECOND);
    // 1 s after the first burst its bucket has rotated out; the second burst is still counted.
    now += 800;
    expect(load.requestsLastSecond()).toBe(30);
    expect(load.busy()).toBe(false);
    // A long silence empties every bucket at once.
    now += 60_000;
    expect(load.requestsLastSecond()).toBe(0);
  });

  it('is busy from the request that reaches the threshold on', () => {
    let now = 0;
    const load = new ForegroundLoad(() => now);
    for (let i = 1; i < BUSY_REQUESTS_PER_SECOND; i++) load.note();
    expect(load.busy()).toBe(false);
    load.note();
    expect(load.busy()).toBe(true);
    now += 1_000;
    expect(load.busy()).toBe(false);
  });

  it('counts every request a Fastify instance receives, answered or not', async () => {
    const app = Fastify();
    const load = new ForegroundLoad().watch(app);
    app.get('/ok', () => ({ ok: true }));
    for (let i = 0; i < 5; i++) await app.inject({ method: 'GET', url: '/ok' });
    await app.inject({ method: 'GET', url: '/missing' });
    await app.inject({ method: 'POST', url: '/ok', payload: 'x' });
    expect(load.requestsLastSecond()).toBe(7);
    await app.close();
  });
});
