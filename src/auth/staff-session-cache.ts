import { Injectable } from '@nestjs/common';
import { ChangeFeed } from '../database/change-feed.service.js';
import type { StaffSession } from './staff-session.service.js';

/** Enough for every person signed in to a back office; the oldest goes first beyond it. */
const MAX_ENTRIES = 1_000;
/** A backstop only: a change reaches every instance through the change feed, not by waiting. */
const MAX_AGE_MS = 30_000;

interface Entry {
  session: StaffSession;
  userId: string;
  /** `performance.now()` after which the entry is not used. */
  until: number;
}

/**
 * The staff sessions this instance has just looked up, so that a person's next pages do not
 * each pay a database round trip before their own reads (B7, issue 15: the one round trip a
 * staff page made beyond its JSON endpoint). Ending a session still ends it at once on every
 * instance: the database announces every change that ends or alters a session, whoever makes
 * it (AnnouncedChanges migration), the change feed hands it here, and without a live feed
 * nothing is kept or used. An entry read while a change was on its way is never kept
 * (`generation`), and none outlives the expiry it read or the next once-a-minute touch of
 * `last_seen_at`, which therefore happens on the same requests as without the cache.
 */
@Injectable()
export class StaffSessionCache {
  private readonly entries = new Map<string, Entry>();
  private generation = 0;

  constructor(private readonly feed: ChangeFeed) {
    feed.on('staff_session', (userId) => (userId === '*' ? this.clear() : this.forgetUser(userId)));
  }

  get size(): number {
    return this.entries.size;
  }

  /** The session under this key, if kept, still valid and the feed live. */
  get(key: string): StaffSession | null {
    const entry = this.entries.get(key);
    if (!entry) return null;
    if (!this.feed.live || performance.now() >= entry.until) {
      this.entries.delete(key);
      return null;
    }
    return entry.session;
  }

  /** Taken before reading the database; `set` keeps the answer only if no change arrived since. */
  ticket(): number {
    return this.generation;
  }

  /** Keeps a session read from the database until `until` (`performance.now()` time, capped by MAX_AGE_MS). */
  set(key: string, userId: string, session: StaffSession, until: number, ticket: number): void {
    if (ticket !== this.generation || !this.feed.live) return;
    const now = performance.now();
    if (until <= now) return;
    this.entries.delete(key);
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { session, userId, until: Math.min(until, now + MAX_AGE_MS) });
  }

  /** This instance ended the session: gone here now (the database tells the others). */
  forget(key: string): void {
    this.generation++;
    this.entries.delete(key);
  }

  /** Resolves when every instance has heard of the changes committed so far (ChangeFeed.settled). */
  settled(): Promise<void> {
    return this.feed.settled();
  }

  private forgetUser(userId: string): void {
    this.generation++;
    for (const [key, entry] of this.entries) if (entry.userId === userId) this.entries.delete(key);
  }

  private clear(): void {
    this.generation++;
    this.entries.clear();
  }
}
