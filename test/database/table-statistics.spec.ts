import pg from 'pg';
import { DataSource } from 'typeorm';
import { FIRST_ANALYZE_AFTER_ROWS } from '../../migrations/1764900000000-NoTinyTableStatistics.js';
import { createTestDatabase, type TestDatabase } from '../../src/database/test-database.js';
import { chargeBooking } from '../../src/stripe/charge-booking.js';
import { chargeSucceeded } from '../money/charge-event.js';
import { explainedStatements, mostBuffers } from '../setup/auto-explain.js';
import { describeOnPostgres } from '../setup/real-postgres.js';
import { createTestApp, type TestApp } from '../setup/test-app.js';

/**
 * Migration 1764900000000: autovacuum does not analyze a table of Coffer's before 2,000 rows
 * changed, so no session keeps a plan made from the statistics of a tiny table (a sequential
 * scan for a lookup by key, kept while the table grows).
 */
describe('table statistics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('every table waits for 2,000 changed rows before autovacuum first analyzes it (a new table must say so too)', async () => {
    const tables: { name: string; options: string[] | null }[] = await t.app.get(DataSource).query(
      `SELECT c.relname AS name, c.reloptions AS options FROM pg_class c
          WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' AND c.relname <> 'migrations' ORDER BY 1`,
    );
    expect(tables.length).toBeGreaterThan(40);
    const without = tables.filter((table) => !(table.options ?? []).includes(`autovacuum_analyze_threshold=${FIRST_ANALYZE_AFTER_ROWS}`)).map((table) => table.name);
    expect(without).toEqual([]);
  });
});

let n = 0;
const chargeEvent = () => chargeSucceeded('stats', { email: `stats-${++n % 40}@example.org`, name: 'Stats Donor' });

describeOnPostgres('the charge booking after autovacuum has seen the tables small', () => {
  let db: TestDatabase;
  let client: pg.Client;
  let observer: pg.Client;
  beforeAll(async () => {
    db = await createTestDatabase(process.env.TEST_DATABASE_URL);
    client = new pg.Client({ connectionString: db.url });
    observer = new pg.Client({ connectionString: db.url });
    await Promise.all([client.connect(), observer.connect()]);
  });
  afterAll(async () => {
    await Promise.all([client.end(), observer.end()]);
    await db.drop();
  });

  const book = async (): Promise<void> => {
    const { rows } = await client.query(`SELECT stripe_book_charge($1::jsonb) AS outcome`, [JSON.stringify(chargeBooking(chargeEvent(), 'EUR', 'coffer.test'))]);
    expect(rows[0].outcome).toBe('applied');
  };

  /**
   * What autovacuum does when it visits the database (PostgreSQL's documented rule): ANALYZE
   * each table whose rows changed since its last analysis exceed the table's threshold plus its
   * scale factor times its size. Answers the tables it analyzed.
   */
  const autovacuumVisit = async (): Promise<string[]> => {
    // This connection's counts reach the shared statistics at its next transaction's end.
    await client.query('SELECT pg_stat_force_next_flush()');
    await client.query('SELECT 1');
    await observer.query('SELECT pg_stat_clear_snapshot()');
    const { rows } = await observer.query<{ name: string }>(
      `SELECT s.relname AS name FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
        CROSS JOIN LATERAL (SELECT
          COALESCE((SELECT split_part(o, '=', 2)::float FROM unnest(c.reloptions) o WHERE o LIKE 'autovacuum_analyze_threshold=%'), current_setting('autovacuum_analyze_threshold')::float) AS threshold,
          COALESCE((SELECT split_part(o, '=', 2)::float FROM unnest(c.reloptions) o WHERE o LIKE 'autovacuum_analyze_scale_factor=%'), current_setting('autovacuum_analyze_scale_factor')::float) AS scale) o
        WHERE s.schemaname = current_schema() AND s.n_mod_since_analyze > o.threshold + o.scale * greatest(c.reltuples, 0)
        ORDER BY 1`,
    );
    for (const { name } of rows) await observer.query(`ANALYZE ${pg.escapeIdentifier(name)}`);
    return rows.map((r) => r.name);
  };

  it('keeps looking rows up by key as the ledger grows, in its triggers and foreign-key checks', async () => {
    // The real autovacuum stays out of this database; the test visits as it would, at chosen moments.
    const { rows: tables } = await observer.query<{ name: string }>(`SELECT relname AS name FROM pg_class WHERE relnamespace = current_schema()::regnamespace AND relkind = 'r'`);
    for (const { name } of tables) await observer.query(`ALTER TABLE ${pg.escapeIdentifier(name)} SET (autovacuum_enabled = false)`);

    // A new installation's first charges (150 postings: past PostgreSQL's default threshold of
    // 50), then autovacuum's first visit, then a storm before it comes back.
    for (let i = 0; i < 50; i++) await book();
    const analyzedSmall = await autovacuumVisit();
    for (let i = 0; i < 1200; i++) await book();

    const notices = await explainedStatements(client, book);
    const { rows: sizes } = await observer.query<{ postings: number; donations: number }>(
      `SELECT (pg_relation_size('postings') / 8192)::int AS postings, (pg_relation_size('donations') / 8192)::int AS donations`,
    );
    expect(sizes[0].postings).toBeGreaterThan(30);
    expect(sizes[0].donations).toBeGreaterThan(30);

    // The ledger's deferred checks and the foreign-key checks: each reads a few index pages.
    const lookups = notices.filter((text) => /Query Text: (SELECT 1 FROM ONLY|NOT EXISTS \(SELECT 1 FROM postings|SELECT sum\(cnt\))/.test(text));
    expect(lookups.length).toBeGreaterThanOrEqual(6);
    const scans = notices.filter((text) => /Seq Scan on (postings|donations|journal_entries|sponsors|stripe_payment_context)\b/.test(text));
    expect(scans).toEqual([]);
    expect(Math.max(...lookups.map(mostBuffers))).toBeLessThan(12);
    // Why: autovacuum's first visit found too few changed rows to analyze anything.
    expect(analyzedSmall).toEqual([]);
  });
});
