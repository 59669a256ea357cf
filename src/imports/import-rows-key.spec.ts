import { randomUUID } from 'node:crypto';
import { createTestApp, TestApp } from '../../test/setup/test-app.js';
import { membersCsv, sql, upload } from '../../test/imports/import-helpers.js';

/**
 * The key import_rows.import_id → imports is checked once per statement (migration
 * 1764400000000) rather than by a per-row foreign key: what the foreign key guaranteed must hold.
 */
describe('import_rows keep their key to imports', () => {
  let t: TestApp;
  let auth: { Authorization: string };
  let importId: string;
  beforeAll(async () => {
    t = await createTestApp();
    auth = (await t.userWith('treasurer')).auth;
    const { body } = membersCsv(4500);
    const answer = await upload(t, auth, body, { kind: 'patreon' });
    expect(answer.status).toBe(201);
    importId = answer.body.id;
  });
  afterAll(() => t.close());

  it('completes the import row written before the first batch: the real hash and counts', async () => {
    const [row] = await sql<{ sha256: string; size: number; rows: number; created: number; format: string; stored: number }>(
      t,
      `SELECT sha256, size_bytes::int AS size, rows, created, format, (SELECT count(*)::int FROM import_rows WHERE import_id = $1) AS stored FROM imports WHERE id = $1`,
      [importId],
    );
    expect(row).toMatchObject({ rows: 4500, created: 4500, stored: 4500, format: 'patreon-members-csv' });
    expect(row.size).toBeGreaterThan(0);
    expect(row.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(row.sha256.startsWith('0'.repeat(32))).toBe(false);
  });

  it('refuses a row of an import that does not exist, inserted or moved there', async () => {
    const missing = randomUUID();
    await expect(
      sql(t, `INSERT INTO import_rows (import_id, seq, line, source_key, raw, status, error) VALUES ($1, 1, 2, 'error', '[]', 'error', 'x')`, [missing]),
    ).rejects.toThrow(/does not exist/);
    await expect(sql(t, `UPDATE import_rows SET import_id = $1 WHERE import_id = $2 AND seq = 1`, [missing, importId])).rejects.toThrow(/does not exist/);
    await expect(sql(t, `UPDATE imports SET id = $1 WHERE id = $2`, [missing, importId])).rejects.toThrow(/cannot change/);
    const [{ stored }] = await sql<{ stored: number }>(t, `SELECT count(*)::int AS stored FROM import_rows WHERE import_id = $1`, [importId]);
    expect(stored).toBe(4500);
  });

  it('deletes an import with its rows', async () => {
    await sql(t, `DELETE FROM imports WHERE id = $1`, [importId]);
    const [{ stored }] = await sql<{ stored: number }>(t, `SELECT count(*)::int AS stored FROM import_rows WHERE import_id = $1`, [importId]);
    expect(stored).toBe(0);
  });
});
