import { EntityManager } from 'typeorm';

/** Rows of an UPDATE … RETURNING (TypeORM's postgres driver answers `[rows, affected]`). */
export async function updateReturning<T>(m: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  const [rows] = (await m.query(sql, params)) as [T[], number];
  return rows;
}

/** `bigint` columns arrive from `pg` as strings: a display-safe exact BigInt. */
export function big(value: string | number | bigint | null): bigint {
  return BigInt(value ?? 0);
}
