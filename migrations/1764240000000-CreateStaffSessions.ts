import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sessions of the staff pages (SPEC §11), in PostgreSQL so every instance knows them. The id is
 * the SHA-256 of the cookie's random token (a database dump opens nothing). `token_version` is
 * the user's when signing in: a password or role change bumps the user's, which ends the session
 * exactly as it ends the API's bearer tokens. `expires_at` slides with use (inactivity expiry).
 */
export class CreateStaffSessions1764240000000 implements MigrationInterface {
  name = 'CreateStaffSessions1764240000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE staff_sessions (
        id bytea PRIMARY KEY CHECK (octet_length(id) = 32),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        token_version integer NOT NULL,
        csrf_token text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX staff_sessions_user ON staff_sessions (user_id)`);
    await q.query(`CREATE INDEX staff_sessions_expires ON staff_sessions (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE staff_sessions`);
  }
}
