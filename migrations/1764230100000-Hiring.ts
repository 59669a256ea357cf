import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hiring for funded roles (SPEC §7): a role in `hiring` carries a public posting; people apply
 * with a CV; the board moves each application through its stages, writes notes and votes on
 * an offer.
 *
 * The CV lives in its own table so that lists never read the bytes, and erasure is one DELETE.
 * A vote row per board member (unique), as milestone reviews: recusals are kept as votes that
 * do not count. `quorum_*` record how the offer vote was decided, including a quorum reduced
 * because recusals left fewer eligible board members than GRANT_REVIEW_QUORUM.
 */
export class Hiring1764230100000 implements MigrationInterface {
  name = 'Hiring1764230100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE roles
        ADD COLUMN posting_description text CHECK (length(posting_description) <= 20000),
        ADD COLUMN posting_what_to_send text CHECK (length(posting_what_to_send) <= 2000),
        ADD COLUMN posting_deadline date`);
    await q.query(`ALTER TABLE access_tokens DROP CONSTRAINT access_tokens_purpose_check`);
    await q.query(
      `ALTER TABLE access_tokens ADD CONSTRAINT access_tokens_purpose_check CHECK (purpose IN ('interest_status', 'grantee', 'donor_manage', 'role_application_status'))`,
    );
    await q.query(`
      CREATE TABLE role_applications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        role_id uuid NOT NULL REFERENCES roles (id),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        email text CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
        message text NOT NULL CHECK (length(message) <= 10000),
        links text[] NOT NULL DEFAULT '{}',
        locale text NOT NULL CHECK (locale IN ('en', 'de')),
        stage text NOT NULL DEFAULT 'received' CHECK (stage IN ('received', 'shortlisted', 'interviewing', 'offered', 'hired', 'declined')),
        quorum_configured integer CHECK (quorum_configured > 0),
        quorum_applied integer CHECK (quorum_applied > 0),
        quorum_reduced_reason text CHECK (length(quorum_reduced_reason) <= 500),
        decided_at timestamptz,
        erased_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (erased_at IS NOT NULL OR email IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX role_applications_role_idx ON role_applications (role_id, created_at DESC)`);
    await q.query(`
      CREATE TABLE role_application_cvs (
        application_id uuid PRIMARY KEY REFERENCES role_applications (id) ON DELETE CASCADE,
        content bytea NOT NULL CHECK (length(content) BETWEEN 1 AND 5242880),
        sha256 char(64) NOT NULL,
        filename text CHECK (length(filename) <= 255),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE role_application_notes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        application_id uuid NOT NULL REFERENCES role_applications (id),
        author_id uuid NOT NULL REFERENCES users (id),
        body text NOT NULL CHECK (length(body) BETWEEN 1 AND 5000),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX role_application_notes_idx ON role_application_notes (application_id, created_at)`);
    await q.query(`
      CREATE TABLE role_application_votes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        application_id uuid NOT NULL REFERENCES role_applications (id),
        voter_id uuid NOT NULL REFERENCES users (id),
        decision text NOT NULL CHECK (decision IN ('offer', 'decline', 'recused')),
        recusal_reason text CHECK (recusal_reason IN ('conflict_of_interest', 'applicant')),
        conflict_of_interest boolean NOT NULL,
        comment text CHECK (length(comment) <= 5000),
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (application_id, voter_id),
        CHECK ((decision = 'recused') = (recusal_reason IS NOT NULL))
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE role_application_votes`);
    await q.query(`DROP TABLE role_application_notes`);
    await q.query(`DROP TABLE role_application_cvs`);
    await q.query(`DROP TABLE role_applications`);
    await q.query(`DELETE FROM access_tokens WHERE purpose = 'role_application_status'`);
    await q.query(`ALTER TABLE access_tokens DROP CONSTRAINT access_tokens_purpose_check`);
    await q.query(`ALTER TABLE access_tokens ADD CONSTRAINT access_tokens_purpose_check CHECK (purpose IN ('interest_status', 'grantee', 'donor_manage'))`);
    await q.query(`ALTER TABLE roles DROP COLUMN posting_description, DROP COLUMN posting_what_to_send, DROP COLUMN posting_deadline`);
  }
}
