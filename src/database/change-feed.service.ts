import { randomUUID } from 'node:crypto';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import pg from 'pg';
import { DataSource } from 'typeorm';
import type { AllConfig } from '../config/config.js';

/** The channel the database's triggers announce changes on (see the AnnouncedChanges migration). */
export const CHANGES_CHANNEL = 'coffer_changes';
/** How long a round through the database (and the other instances' answers) may take. */
const CONFIRM_MS = 2_000;
/** Retries after a failure: 1 s, 2 s, 4 s … up to 5 minutes. */
const RETRY_MAX_MS = 300_000;
/** A quiet connection is checked this often (a NOTIFY from the pool must come back on it). */
const HEARTBEAT_MS = 15_000;
/** An instance not heard of for this long (three heartbeats) has stopped. */
const PEER_GONE_MS = 3 * HEARTBEAT_MS;

export type ChangeHandler = (key: string) => void;

interface Round {
  /** Our own marker has come back (so has every change committed before it). */
  back: boolean;
  /** Instances that still have to say they have read up to the marker. */
  pending: Set<string>;
  done: (ok: boolean) => void;
}

/**
 * The changes other instances (and psql, and the CLI) commit, as the database announces them:
 * one connection of its own LISTENs on `coffer_changes`, and each `topic:key` payload goes to
 * the topic's handlers. A cache may rely on it only while `live` is true, which needs proof, not
 * hope: a NOTIFY sent through the pool (another session) has come back on the listening
 * connection. Until then, and from the moment that connection fails or a check goes unanswered,
 * `live` is false and every handler is told to forget everything (`key` `*`).
 *
 * Control payloads start with `~` (`~kind:instance:nonce`): markers (start and heartbeat),
 * `hello` when going live and the `here` every running instance answers it with (so each knows
 * the others), `sync` and its `ack`s, `bye`. PostgreSQL delivers
 * notifications in commit order, so an instance that has read a `sync` has read every change
 * committed before it; its `ack` says so (see `settled`).
 *
 * The embedded database never goes live: it has no listener (one process, the lock file), and
 * through pglite-socket all connections share one session, so a notification comes back on
 * whichever connection committed it: the proof above fails there, as it should.
 */
@Injectable()
export class ChangeFeed implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ChangeFeed.name);
  private readonly id = randomUUID();
  private readonly handlers = new Map<string, ChangeHandler[]>();
  private readonly rounds = new Map<string, Round>();
  /** The other running instances, by id, with when they were last heard of (`performance.now()`). */
  private readonly peers = new Map<string, number>();
  private client?: pg.Client;
  private timer?: NodeJS.Timeout;
  private failures = 0;
  private stopped = false;
  private isLive = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: ConfigService<AllConfig, true>,
  ) {}

  /** True while every change committed on the database reaches this instance. */
  get live(): boolean {
    return this.isLive;
  }

  /** `handler(key)` for each `topic:key` announced; `*` means forget everything (also sent when the feed stops being live). */
  on(topic: string, handler: ChangeHandler): void {
    this.handlers.set(topic, [...(this.handlers.get(topic) ?? []), handler]);
  }

  onApplicationBootstrap(): void {
    // The test suite's embedded databases are PGlite behind pglite-socket, which serves every
    // connection from one session: there the feed's LISTEN and round trips interleave with the
    // app's queries and one query could be handed another's result (two instances' concurrent
    // UPDATE … RETURNING got a SELECT's rows). Embedded, in the app or in the tests, means no feed.
    if (this.config.getOrThrow('database', { infer: true }).embedded || process.env.COFFER_TEST_DB_EMBEDDED === '1') return;
    // Not awaited: the start must not wait for the database round trips; until live, nothing relies on the feed.
    void this.connect();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.isLive) await this.send('bye', '').catch(() => undefined);
    this.stopped = true;
    await this.down();
  }

  /**
   * Resolves once this instance and every other running one have received every change
   * committed before the call: a `sync` NOTIFY committed now reaches each after those changes,
   * and each answers it. A writer awaits it before answering, so that no instance answers the
   * writer's next request from what was just changed. An instance that does not answer within
   * CONFIRM_MS is taken for stopped (its own heartbeat stops its caches if it is only cut off).
   */
  async settled(): Promise<void> {
    if (!this.isLive) return;
    const { back, missing } = await this.round('sync');
    if (!back) return this.fail(new Error(`no notification within ${CONFIRM_MS} ms`));
    for (const peer of missing) {
      this.peers.delete(peer);
      this.logger.warn(`Instance ${peer} did not confirm a change within ${CONFIRM_MS} ms; taken for stopped`);
    }
  }

  private async connect(): Promise<void> {
    const url = (this.dataSource.options as { url?: string }).url;
    const client = new pg.Client({ connectionString: url, keepAlive: true, application_name: 'coffer-changes' });
    this.client = client;
    client.on('notification', (message) => this.deliver(message.payload ?? ''));
    client.on('error', (error) => void this.fail(error));
    client.on('end', () => void this.fail(new Error('the connection ended')));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGES_CHANNEL}`);
      if (!(await this.roundTrip())) throw new Error(`a notification sent through the pool did not arrive within ${CONFIRM_MS} ms`);
    } catch (error) {
      return this.fail(error as Error);
    }
    if (this.client !== client || this.stopped) return;
    this.isLive = true;
    this.failures = 0;
    // A lookup that began before the listening did may hold what a change since then ended: forget.
    this.forgetAll();
    // Who else is running: each answers `here` (and the ones starting later say `hello` themselves).
    this.send('hello', '').catch(() => undefined);
    this.schedule(HEARTBEAT_MS, () => this.heartbeat());
  }

  private async heartbeat(): Promise<void> {
    if (!this.isLive) return;
    if (await this.roundTrip()) this.schedule(HEARTBEAT_MS, () => this.heartbeat());
    else await this.fail(new Error(`heartbeat: no notification within ${CONFIRM_MS} ms`));
  }

  /** True when our own `marker` came back through the listening connection. */
  private async roundTrip(): Promise<boolean> {
    return (await this.round('marker')).back;
  }

  /**
   * A control NOTIFY sent through the pool (another session), until it is back on the listening
   * connection and, for a `sync`, every other running instance has acknowledged it.
   */
  private round(kind: 'marker' | 'sync'): Promise<{ back: boolean; missing: string[] }> {
    const nonce = randomUUID();
    const now = performance.now();
    const pending = new Set(kind === 'sync' ? [...this.peers].filter(([, seen]) => now - seen < PEER_GONE_MS).map(([peer]) => peer) : []);
    return new Promise((resolve) => {
      const round: Round = { back: false, pending, done: () => undefined };
      const timeout = setTimeout(() => round.done(round.back), CONFIRM_MS);
      timeout.unref();
      round.done = (back) => {
        clearTimeout(timeout);
        this.rounds.delete(nonce);
        resolve({ back, missing: [...round.pending] });
      };
      this.rounds.set(nonce, round);
      this.send(kind, nonce).catch(() => round.done(false));
    });
  }

  private send(kind: string, nonce: string): Promise<unknown> {
    return this.dataSource.query(`SELECT pg_notify($1, $2)`, [CHANGES_CHANNEL, `~${kind}:${this.id}:${nonce}`]);
  }

  private deliver(payload: string): void {
    if (payload.startsWith('~')) return this.control(payload);
    const colon = payload.indexOf(':');
    if (colon < 0) return;
    for (const handler of this.handlers.get(payload.slice(0, colon)) ?? []) handler(payload.slice(colon + 1));
  }

  private control(payload: string): void {
    const [kind, from, nonce] = payload.slice(1).split(':');
    const mine = from === this.id;
    if (!mine) {
      if (kind === 'bye') this.peers.delete(from);
      else this.peers.set(from, performance.now());
    }
    if (kind === 'ack') {
      // `~ack:<who>:<their sync nonce>`
      const round = this.rounds.get(nonce);
      round?.pending.delete(from);
      if (round?.back && round.pending.size === 0) round.done(true);
    } else if ((kind === 'marker' || kind === 'sync') && mine) {
      const round = this.rounds.get(nonce);
      if (!round) return;
      round.back = true;
      if (round.pending.size === 0) round.done(true);
    } else if (kind === 'hello' && !mine) {
      this.send('here', '').catch(() => undefined);
    } else if (kind === 'sync' && !mine) {
      // Everything committed before this sync has been handed to the handlers above: say so.
      this.dataSource.query(`SELECT pg_notify($1, $2)`, [CHANGES_CHANNEL, `~ack:${this.id}:${nonce}`]).catch(() => undefined);
    }
  }

  private async fail(error: Error): Promise<void> {
    if (this.stopped) return;
    const wasLive = this.isLive;
    await this.down();
    const delay = Math.min(RETRY_MAX_MS, 1_000 * 2 ** this.failures++);
    if (wasLive || this.failures === 1) this.logger.warn(`Change feed down (${error.message}); caches bypassed, retrying in ${delay / 1000} s`);
    this.schedule(delay, () => this.connect());
  }

  /** Not live any more: every cache forgets at once, then the connection goes. */
  private async down(): Promise<void> {
    this.isLive = false;
    if (this.timer) clearTimeout(this.timer);
    this.forgetAll();
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    client.removeAllListeners();
    client.on('error', () => undefined);
    // Through pglite-socket the LISTEN would outlive this connection in the shared session.
    client.query(`UNLISTEN *`).catch(() => undefined);
    // Bounded: pg's end() can wait forever for a connection that never opened.
    await new Promise<void>((resolve) => {
      const timeout = setTimeout(resolve, 1_000);
      timeout.unref();
      const done = () => {
        clearTimeout(timeout);
        resolve();
      };
      client.end().then(done, done);
    });
  }

  private forgetAll(): void {
    for (const list of this.handlers.values()) for (const handler of list) handler('*');
  }

  private schedule(ms: number, run: () => Promise<void>): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void run(), ms);
    this.timer.unref();
  }
}
