import { jest } from '@jest/globals';
import type { ChangeFeed, ChangeHandler } from '../database/change-feed.service.js';
import { StaffSessionCache } from './staff-session-cache.js';
import type { StaffSession } from './staff-session.service.js';

class FakeFeed {
  live = true;
  readonly handlers: ChangeHandler[] = [];
  on(_topic: string, handler: ChangeHandler): void {
    this.handlers.push(handler);
  }
  announce(key: string): void {
    for (const handler of this.handlers) handler(key);
  }
}

const session = (id: string): StaffSession => ({ actor: { id, email: `${id}@coffer.test`, roles: ['admin'] }, name: id, csrf: `csrf-${id}` });
const later = (ms = 10_000) => performance.now() + ms;

describe('StaffSessionCache', () => {
  let feed: FakeFeed;
  let cache: StaffSessionCache;
  beforeEach(() => {
    feed = new FakeFeed();
    cache = new StaffSessionCache(feed as unknown as ChangeFeed);
  });

  it('keeps a session read with the current ticket, and serves it', () => {
    cache.set('k1', 'u1', session('u1'), later(), cache.ticket());
    expect(cache.get('k1')?.csrf).toBe('csrf-u1');
  });

  it('does not keep what was read while a change arrived (the lookup may predate it)', () => {
    const ticket = cache.ticket();
    feed.announce('someone-else');
    cache.set('k1', 'u1', session('u1'), later(), ticket);
    expect(cache.get('k1')).toBeNull();
  });

  it("forgets every session of the announced user, and everything on '*'", () => {
    cache.set('a1', 'ua', session('ua'), later(), cache.ticket());
    cache.set('a2', 'ua', session('ua'), later(), cache.ticket());
    cache.set('b1', 'ub', session('ub'), later(), cache.ticket());
    feed.announce('ua');
    expect([cache.get('a1'), cache.get('a2')]).toEqual([null, null]);
    expect(cache.get('b1')).not.toBeNull();
    feed.announce('*');
    expect(cache.get('b1')).toBeNull();
  });

  it('neither keeps nor serves anything while the feed is not live', () => {
    cache.set('k1', 'u1', session('u1'), later(), cache.ticket());
    feed.live = false;
    expect(cache.get('k1')).toBeNull();
    cache.set('k2', 'u2', session('u2'), later(), cache.ticket());
    feed.live = true;
    expect(cache.get('k2')).toBeNull();
  });

  it('serves nothing past its deadline (the expiry or the next touch it read), nor past 30 s', () => {
    cache.set('k1', 'u1', session('u1'), performance.now() - 1, cache.ticket());
    expect(cache.get('k1')).toBeNull();
    const realNow = performance.now.bind(performance);
    const start = realNow();
    cache.set('k2', 'u2', session('u2'), start + 3_600_000, cache.ticket());
    const spy = jest.spyOn(performance, 'now').mockReturnValue(start + 30_001);
    try {
      expect(cache.get('k2')).toBeNull();
    } finally {
      spy.mockRestore();
    }
  });

  it('forget() drops one session at once and spoils lookups in flight', () => {
    const ticket = cache.ticket();
    cache.set('k1', 'u1', session('u1'), later(), ticket);
    cache.forget('k1');
    expect(cache.get('k1')).toBeNull();
    cache.set('k1', 'u1', session('u1'), later(), ticket);
    expect(cache.get('k1')).toBeNull();
  });

  it('holds at most 1,000 sessions, dropping the oldest', () => {
    for (let i = 0; i <= 1_000; i++) cache.set(`k${i}`, `u${i}`, session(`u${i}`), later(), cache.ticket());
    expect(cache.size).toBe(1_000);
    expect(cache.get('k0')).toBeNull();
    expect(cache.get('k1000')).not.toBeNull();
  });
});
