import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * B7 (issue 15): every instance keeps the staff sessions it has just looked up for a few seconds
 * (`StaffSessionCache`), and the fund list (`FundsService.list`), so a change to either must
 * reach every instance at once. The database announces it, whoever makes it (the app, the CLI,
 * psql): at commit, a NOTIFY on `coffer_changes` (`ChangeFeed`) with `staff_session:<user id>`
 * (`staff_session:*` for a TRUNCATE), or `funds:*` for any change to `funds`.
 *
 * - `staff_sessions`: a deleted row (sign-out, a user's dead sessions cleared at sign-in, a
 *   cascade from `users`), and an update that shortens the expiry or changes what the session is.
 *   The sliding of the expiry on use (`last_seen_at` and a later `expires_at`) is not announced:
 *   an instance's copy never outlives the expiry it read.
 * - `users`: a change of what a session shows or whether it counts (active, roles, token
 *   version, name, e-mail), and a deleted user. Sign-in bookkeeping (`last_login_at`,
 *   `failed_logins`, `locked_until`) is not announced.
 */
export class AnnouncedChanges1764500000000 implements MigrationInterface {
  name = 'AnnouncedChanges1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION staff_session_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'TRUNCATE' THEN
          PERFORM pg_notify('coffer_changes', 'staff_session:*');
        ELSIF TG_TABLE_NAME = 'users' THEN
          PERFORM pg_notify('coffer_changes', 'staff_session:' || OLD.id);
        ELSE
          PERFORM pg_notify('coffer_changes', 'staff_session:' || OLD.user_id);
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER staff_sessions_deleted AFTER DELETE ON staff_sessions FOR EACH ROW EXECUTE FUNCTION staff_session_changed()`);
    await q.query(`
      CREATE TRIGGER staff_sessions_changed AFTER UPDATE ON staff_sessions FOR EACH ROW
      WHEN (NEW.expires_at < OLD.expires_at OR NEW.id <> OLD.id OR NEW.user_id <> OLD.user_id OR NEW.token_version <> OLD.token_version OR NEW.csrf_token <> OLD.csrf_token)
      EXECUTE FUNCTION staff_session_changed()`);
    await q.query(`CREATE TRIGGER staff_sessions_truncated AFTER TRUNCATE ON staff_sessions FOR EACH STATEMENT EXECUTE FUNCTION staff_session_changed()`);
    await q.query(`CREATE TRIGGER users_deleted_sessions AFTER DELETE ON users FOR EACH ROW EXECUTE FUNCTION staff_session_changed()`);
    await q.query(`
      CREATE TRIGGER users_changed_sessions AFTER UPDATE ON users FOR EACH ROW
      WHEN (NEW.active IS DISTINCT FROM OLD.active OR NEW.roles IS DISTINCT FROM OLD.roles OR NEW.token_version IS DISTINCT FROM OLD.token_version
            OR NEW.name IS DISTINCT FROM OLD.name OR NEW.email IS DISTINCT FROM OLD.email OR NEW.id IS DISTINCT FROM OLD.id)
      EXECUTE FUNCTION staff_session_changed()`);
    await q.query(`CREATE TRIGGER users_truncated_sessions AFTER TRUNCATE ON users FOR EACH STATEMENT EXECUTE FUNCTION staff_session_changed()`);

    await q.query(`
      CREATE FUNCTION funds_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('coffer_changes', 'funds:*');
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER funds_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON funds FOR EACH STATEMENT EXECUTE FUNCTION funds_changed()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER funds_changed ON funds`);
    await q.query(`DROP FUNCTION funds_changed()`);
    await q.query(`DROP TRIGGER users_truncated_sessions ON users`);
    await q.query(`DROP TRIGGER users_changed_sessions ON users`);
    await q.query(`DROP TRIGGER users_deleted_sessions ON users`);
    await q.query(`DROP TRIGGER staff_sessions_truncated ON staff_sessions`);
    await q.query(`DROP TRIGGER staff_sessions_changed ON staff_sessions`);
    await q.query(`DROP TRIGGER staff_sessions_deleted ON staff_sessions`);
    await q.query(`DROP FUNCTION staff_session_changed()`);
  }
}
