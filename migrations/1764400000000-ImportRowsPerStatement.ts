import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * B4 (issue 15), what PostgreSQL spends per imported row:
 *
 * - `import_rows.raw` becomes `text`. It holds the row as the file had it, as JSON that the
 *   import writer makes with JSON.stringify (valid by construction), and is only shown back
 *   (`GET /imports/:id/rows` casts it to json when reading a page). As `json` PostgreSQL parsed
 *   every stored row on the way in: 0.4–0.8 s of backend CPU per 100k Patreon rows.
 * - The key `import_rows.import_id → imports` is checked once per statement instead of once per
 *   row. The deferred foreign key queued a trigger event per row and ran one lookup per row at
 *   COMMIT (0.9–1.5 s per 100k rows, all of it after the last row was in). The import now writes
 *   its `imports` row before its first batch of rows, so the check can run when the batch goes
 *   in: an AFTER … FOR EACH STATEMENT trigger looks up the batch's distinct import ids (one, in
 *   practice) and takes the same FOR KEY SHARE lock the foreign key took. What the key did
 *   stays: a row of an import that does not exist is refused (on INSERT and UPDATE), deleting
 *   an import deletes its rows, and an import's id cannot change. TRUNCATE imports alone is
 *   no longer refused (nothing truncates it).
 */
export class ImportRowsPerStatement1764400000000 implements MigrationInterface {
  name = 'ImportRowsPerStatement1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE import_rows ALTER COLUMN raw TYPE text`);
    await q.query(`COMMENT ON COLUMN import_rows.raw IS 'The row as the file had it, as JSON text (written by the import writer, read as raw::json)'`);

    await q.query(`ALTER TABLE import_rows DROP CONSTRAINT import_rows_import_id_fkey`);
    await q.query(`
      CREATE FUNCTION import_rows_import_exists() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        v_missing uuid;
      BEGIN
        -- The lock the foreign key took: an import cannot be deleted while rows are added to it.
        PERFORM 1 FROM imports i WHERE i.id IN (SELECT DISTINCT n.import_id FROM new_rows n) FOR KEY SHARE OF i;
        SELECT n.import_id INTO v_missing
          FROM (SELECT DISTINCT import_id FROM new_rows) n
         WHERE NOT EXISTS (SELECT 1 FROM imports i WHERE i.id = n.import_id)
         LIMIT 1;
        IF FOUND THEN
          RAISE foreign_key_violation USING
            MESSAGE = format('import_rows refers to import %s, which does not exist', v_missing),
            CONSTRAINT = 'import_rows_import_id_check';
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER import_rows_import_inserted AFTER INSERT ON import_rows
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION import_rows_import_exists()`);
    await q.query(`
      CREATE TRIGGER import_rows_import_updated AFTER UPDATE ON import_rows
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION import_rows_import_exists()`);

    await q.query(`
      CREATE FUNCTION imports_delete_rows() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM import_rows WHERE import_id IN (SELECT id FROM old_rows);
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER imports_deleted AFTER DELETE ON imports
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION imports_delete_rows()`);
    await q.query(`
      CREATE FUNCTION imports_id_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE foreign_key_violation USING MESSAGE = 'an import''s id cannot change (its rows refer to it)', CONSTRAINT = 'import_rows_import_id_check';
      END $$`);
    await q.query(`
      CREATE TRIGGER imports_id_update BEFORE UPDATE OF id ON imports
        FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION imports_id_fixed()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER imports_id_update ON imports`);
    await q.query(`DROP FUNCTION imports_id_fixed()`);
    await q.query(`DROP TRIGGER imports_deleted ON imports`);
    await q.query(`DROP FUNCTION imports_delete_rows()`);
    await q.query(`DROP TRIGGER import_rows_import_updated ON import_rows`);
    await q.query(`DROP TRIGGER import_rows_import_inserted ON import_rows`);
    await q.query(`DROP FUNCTION import_rows_import_exists()`);
    await q.query(`
      ALTER TABLE import_rows ADD CONSTRAINT import_rows_import_id_fkey
        FOREIGN KEY (import_id) REFERENCES imports (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED`);
    await q.query(`COMMENT ON COLUMN import_rows.raw IS NULL`);
    await q.query(`ALTER TABLE import_rows ALTER COLUMN raw TYPE json USING raw::json`);
  }
}
