import type { EntityManager } from 'typeorm';

/** Up to this many matching rows a list counts them exactly, every time. */
export const EXACT_TOTAL_UP_TO = 10_000;
/** How long a large list's total is reused before it is counted again. */
const CACHE_MS = 30_000;
const CACHE_ENTRIES = 500;

export interface ListTotal {
  total: number;
  /** True when the total was counted earlier (at most CACHE_MS ago) and may have moved since. */
  totalIsEstimate: boolean;
}

/**
 * The `total` of a large list without an exact count(*) per request (over 100k rows that count
 * is most of the request's cost): small lists are counted exactly with a bounded count; a list
 * above EXACT_TOTAL_UP_TO is counted once and its total reused for CACHE_MS, flagged as an
 * estimate. Per process and per filter (the WHERE clause and its parameters).
 */
export class CachedTotals {
  private readonly cache = new Map<string, { total: number; at: number }>();

  constructor(private readonly from: string) {}

  async total(m: EntityManager, where: string, params: unknown[]): Promise<ListTotal> {
    const key = `${where}\u0000${JSON.stringify(params)}`;
    const hit = this.cache.get(key);
    if (hit && Date.now() - hit.at < CACHE_MS) return { total: hit.total, totalIsEstimate: true };
    const [{ n }] = await m.query(`SELECT count(*)::int AS n FROM (SELECT 1 FROM ${this.from} WHERE ${where} LIMIT ${EXACT_TOTAL_UP_TO + 1}) x`, params);
    if (n <= EXACT_TOTAL_UP_TO) return { total: n, totalIsEstimate: false };
    const [{ total }] = await m.query(`SELECT count(*)::int AS total FROM ${this.from} WHERE ${where}`, params);
    if (this.cache.size >= CACHE_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, { total, at: Date.now() });
    return { total, totalIsEstimate: false };
  }
}
