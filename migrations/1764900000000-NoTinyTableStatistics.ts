import { MigrationInterface, QueryRunner } from 'typeorm';

/** Rows changed before autovacuum's first ANALYZE of a table (PostgreSQL's default is 50). */
export const FIRST_ANALYZE_AFTER_ROWS = 2000;

/**
 * B2 (issue 15): no table of Coffer's is analyzed while it is tiny.
 *
 * PostgreSQL keeps a plan per session for each statement of a plpgsql function and for each
 * foreign-key check, and after five calls it may keep a generic one. When the table's statistics
 * say "one page, a few dozen rows", which is what autovacuum's first ANALYZE of a new
 * installation's table records (50 rows changed is enough), the cheapest generic plan for a
 * lookup by key is a sequential scan; the plan stays until the next ANALYZE, however much the
 * table grows meanwhile. Seen in the charge booking: the ledger's deferred balance triggers read
 * all of `postings`, and the foreign-key checks all of `donations` and `journal_entries`, once
 * per booking: 2.3 ms per booking at 1k bookings, 19 ms at 12k, while autovacuum had not come
 * back (it visits once a minute; a webhook storm or an import grows these tables by thousands of
 * rows in that time). See docs/performance.md, "B2's spread".
 *
 * A table that was never analyzed is planned at its real size and as at least ten pages, so the
 * index wins from the first row. So autovacuum's first ANALYZE of each table now waits until
 * 2,000 rows have changed (then 2,000 + 10 % of the table, as before plus 1,950): by then a
 * lookup by key is planned on the index whatever the statistics say. Explicit ANALYZE still
 * runs whenever asked. Every table, including the ones that stay small (planned as ten pages
 * without statistics, which costs them nothing), so that no table is left out by mistake;
 * `test/database/table-statistics.spec.ts` fails for a new table created without it.
 */
export class NoTinyTableStatistics1764900000000 implements MigrationInterface {
  name = 'NoTinyTableStatistics1764900000000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of await tables(q)) await q.query(`ALTER TABLE ${table} SET (autovacuum_analyze_threshold = ${FIRST_ANALYZE_AFTER_ROWS})`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of await tables(q)) await q.query(`ALTER TABLE ${table} RESET (autovacuum_analyze_threshold)`);
  }
}

/** The schema's tables (quoted names), without TypeORM's own `migrations`. */
async function tables(q: QueryRunner): Promise<string[]> {
  const rows = (await q.query(
    `SELECT format('%I', c.relname) AS name FROM pg_class c
      WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' AND c.relname <> 'migrations'
      ORDER BY c.relname`,
  )) as { name: string }[];
  return rows.map((r) => r.name);
}
