import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { DataSource } from 'typeorm';

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/**
 * A fixed window per key, kept in PostgreSQL so that every instance counts the same requests
 * (SPEC §2: shared state lives in PostgreSQL). One upsert per request: it starts a new window when
 * the old one ran out, otherwise adds one, and answers the count and the time left.
 */
const INCREMENT = `
  INSERT INTO rate_limit_counters (key, hits, reset_at) VALUES ($1, 1, now() + make_interval(secs => $2::float8 / 1000))
  ON CONFLICT (key) DO UPDATE SET
    hits = CASE WHEN rate_limit_counters.reset_at <= now() THEN 1 ELSE rate_limit_counters.hits + 1 END,
    reset_at = CASE WHEN rate_limit_counters.reset_at <= now() THEN EXCLUDED.reset_at ELSE rate_limit_counters.reset_at END
  RETURNING hits, greatest(0, (extract(epoch FROM reset_at - now()) * 1000)::bigint) AS ttl`;

const READ = `
  SELECT hits, greatest(0, (extract(epoch FROM reset_at - now()) * 1000)::bigint) AS ttl
  FROM rate_limit_counters WHERE key = $1 AND reset_at > now()`;

/**
 * The store class @fastify/rate-limit instantiates. The data source is looked up on first use:
 * the plugin is registered before Nest has connected to the database.
 */
export function postgresRateLimitStore(dataSource: () => DataSource): FastifyRateLimitStoreCtor {
  class PostgresRateLimitStore implements FastifyRateLimitStore {
    incr(key: string, callback: Callback, timeWindow: number): void {
      dataSource()
        .query(INCREMENT, [key.slice(0, 300), timeWindow])
        .then(([row]: { hits: number; ttl: string }[]) => callback(null, { current: row.hits, ttl: Number(row.ttl) }))
        .catch((error: Error) => callback(error));
    }

    read(key: string, callback: Callback): void {
      dataSource()
        .query(READ, [key.slice(0, 300)])
        .then(([row]: { hits: number; ttl: string }[]) => callback(null, row ? { current: row.hits, ttl: Number(row.ttl) } : { current: 0, ttl: 0 }))
        .catch((error: Error) => callback(error));
    }

    child(): FastifyRateLimitStore {
      // Keys already carry the route's group (bucket): one table serves every route.
      return this;
    }
  }
  return PostgresRateLimitStore;
}
