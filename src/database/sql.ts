import { EntityManager } from 'typeorm';

/** Rows of an UPDATE … RETURNING (TypeORM's postgres driver answers `[rows, affected]`). */
export async function updateReturning<T>(m: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  const [rows] = (await m.query(sql, params)) as [T[], number];
  return rows;
}
