export class CreateFoundation1764150000000 {
    name = 'CreateFoundation1764150000000';
    async up(q) {
        await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        roles text[] NOT NULL CHECK (cardinality(roles) > 0 AND roles <@ ARRAY['admin','treasurer','board']::text[]),
        password_hash text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        failed_logins integer NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
        locked_until timestamptz,
        last_login_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
        await q.query(`CREATE UNIQUE INDEX users_email_key ON users (email)`);
        await q.query(`
      CREATE TABLE audit_log (
        seq bigint PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT clock_timestamp(),
        actor_id uuid,
        actor_email text,
        action text NOT NULL,
        entity text NOT NULL,
        entity_id text,
        before jsonb,
        after jsonb,
        prev_hash text NOT NULL,
        hash text NOT NULL
      )`);
        await q.query(`CREATE SEQUENCE audit_log_seq OWNED BY audit_log.seq`);
        await q.query(`CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id, seq)`);
        await q.query(`
      CREATE FUNCTION audit_row_hash(r audit_log) RETURNS text LANGUAGE sql IMMUTABLE AS $$
        SELECT encode(sha256(convert_to(jsonb_build_array(
          r.seq, (extract(epoch FROM r.at) * 1000000)::bigint, r.actor_id, r.actor_email, r.action,
          r.entity, r.entity_id, r.before, r.after, r.prev_hash)::text, 'UTF8')), 'hex')
      $$`);
        await q.query(`
      CREATE FUNCTION audit_log_chain() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- One writer at a time appends to the chain; the lock lasts until commit.
        PERFORM pg_advisory_xact_lock(7342001);
        NEW.seq := nextval('audit_log_seq');
        NEW.at := clock_timestamp();
        NEW.prev_hash := COALESCE((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), 'genesis');
        NEW.hash := audit_row_hash(NEW);
        RETURN NEW;
      END $$`);
        await q.query(`CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_chain()`);
        await q.query(`
      CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'P0001';
      END $$`);
        await q.query(`CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION refuse_change()`);
        await q.query(`CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()`);
        await q.query(`
      CREATE TABLE idempotency_keys (
        scope text NOT NULL,
        key text NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
        request_hash text NOT NULL,
        status_code integer,
        response jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (scope, key)
      )`);
    }
    async down(q) {
        await q.query(`DROP TABLE idempotency_keys`);
        await q.query(`DROP FUNCTION audit_row_hash(audit_log)`);
        await q.query(`DROP TABLE audit_log`);
        await q.query(`DROP FUNCTION audit_log_chain()`);
        await q.query(`DROP FUNCTION refuse_change()`);
        await q.query(`DROP TABLE users`);
    }
}
//# sourceMappingURL=1764150000000-CreateFoundation.js.map