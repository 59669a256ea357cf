import { MigrationInterface, QueryRunner } from 'typeorm';

/** SPEC §10 priority areas: code (stable, used by the API) and title (shown to people). */
const PRIORITY_AREAS: [string, string][] = [
  ['ring-buffer-network-stack', 'Ring-buffer network stack'],
  ['virtiofs', 'virtiofs'],
  ['gpu-virglrenderer', 'virglrenderer / GPU'],
  ['shared-memory-ipc', 'Shared memory and IPC'],
  ['capability-security', 'Capability-based security'],
  ['unix-signals', 'Unix signals'],
  ['controlling-terminal', 'Controlling terminal'],
  ['timers-alarms', 'Timers and alarms (POSIX/Linux)'],
  ['redox-on-redox', 'Building Redox on Redox (rustc/cargo reliability)'],
  ['build-system', 'Build system'],
  ['ptrace-debugging', 'ptrace and debugging'],
  ['language-runtimes', 'Python/CPython and other language runtimes'],
  ['go', 'Go'],
  ['javascript-engines', 'JavaScript engines'],
  ['scheduler-eevdf', 'Scheduler (EEVDF)'],
  ['redoxfs', 'RedoxFS'],
  ['acpi-aml', 'ACPI / AML'],
  ['ieee-1275-firmware', 'IEEE-1275 firmware'],
  ['wifi', 'WiFi'],
  ['usb', 'USB'],
  ['i2c', 'I2C'],
  ['iommu', 'IOMMU'],
  ['qemu-on-redox', 'QEMU on Redox'],
  ['wayland-cosmic', 'Wayland and the COSMIC compositor'],
  ['timerfd-relibc', 'timerfd and relibc gaps'],
  ['dbus', 'D-Bus'],
  ['accessibility', 'Accessibility / screen reader'],
  ['internationalisation', 'Internationalisation (keyboards, non-Latin text, locales)'],
];

/**
 * Grants (SPEC §8): interest intake, calls, applications, milestones with versioned
 * amendments, board reviews, one-purpose access links, and claims for background jobs.
 * State machines are enforced by the app with conditional updates; the CHECKs here only keep
 * the values to the known states.
 */
export class CreateGrants1764153000000 implements MigrationInterface {
  name = 'CreateGrants1764153000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE priority_areas (
        code text PRIMARY KEY CHECK (code ~ '^[a-z0-9-]{1,60}$'),
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        position integer NOT NULL UNIQUE
      )`);
    const values = PRIORITY_AREAS.map((_, i) => `($${i * 3 + 1}, $${i * 3 + 2}, $${i * 3 + 3})`).join(', ');
    await q.query(
      `INSERT INTO priority_areas (code, title, position) VALUES ${values}`,
      PRIORITY_AREAS.flatMap(([code, title], i) => [code, title, i + 1]),
    );

    // Only the SHA-256 of a link's token is stored: a database leak yields no usable links.
    await q.query(`
      CREATE TABLE access_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        token_hash bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
        purpose text NOT NULL CHECK (purpose IN ('interest_status', 'grantee')),
        subject_id uuid NOT NULL,
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX access_tokens_subject_idx ON access_tokens (purpose, subject_id)`);

    await q.query(`
      CREATE TABLE interests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        -- NULL only once erased; the aggregate (areas, status, dates, budget) stays.
        email text CHECK (email IS NULL OR (email = lower(email) AND length(email) BETWEEN 3 AND 254)),
        links text[] NOT NULL DEFAULT '{}' CHECK (cardinality(links) <= 10),
        summary text NOT NULL CHECK (length(summary) <= 5000),
        availability text CHECK (length(availability) <= 500),
        expected_budget_amount bigint CHECK (expected_budget_amount >= 0),
        expected_budget_currency text CHECK (expected_budget_currency ~ '^[A-Z]{3}$'),
        locale text NOT NULL CHECK (locale IN ('en', 'de')),
        consent_at timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'reviewing', 'shortlisted', 'declined', 'invited')),
        erased_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((expected_budget_amount IS NULL) = (expected_budget_currency IS NULL)),
        CHECK (erased_at IS NOT NULL OR email IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX interests_status_idx ON interests (status, created_at DESC)`);
    await q.query(`
      CREATE TABLE interest_areas (
        interest_id uuid NOT NULL REFERENCES interests (id) ON DELETE CASCADE,
        area_code text NOT NULL REFERENCES priority_areas (code),
        PRIMARY KEY (interest_id, area_code)
      )`);
    await q.query(`CREATE INDEX interest_areas_area_idx ON interest_areas (area_code)`);
    // Internal: never shown through a status link or an email.
    await q.query(`
      CREATE TABLE interest_notes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        interest_id uuid NOT NULL REFERENCES interests (id) ON DELETE CASCADE,
        author_id uuid NOT NULL REFERENCES users (id),
        body text NOT NULL CHECK (length(body) BETWEEN 1 AND 5000),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX interest_notes_interest_idx ON interest_notes (interest_id, created_at)`);

    await q.query(`
      CREATE TABLE calls (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        funder text NOT NULL CHECK (length(funder) BETWEEN 1 AND 100),
        programme text NOT NULL CHECK (length(programme) BETWEEN 1 AND 200),
        deadline timestamptz NOT NULL,
        time_zone text NOT NULL CHECK (length(time_zone) BETWEEN 1 AND 64),
        url text CHECK (length(url) <= 500),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX calls_deadline_idx ON calls (deadline)`);

    await q.query(`
      CREATE TABLE grants (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        funder text NOT NULL CHECK (funder IN ('NLnet', 'self')),
        programme text CHECK (length(programme) <= 200),
        call_id uuid REFERENCES calls (id),
        interest_id uuid REFERENCES interests (id),
        applicant_name text NOT NULL CHECK (length(applicant_name) BETWEEN 1 AND 200),
        applicant_email text NOT NULL CHECK (applicant_email = lower(applicant_email) AND length(applicant_email) BETWEEN 3 AND 254),
        applicant_locale text NOT NULL CHECK (applicant_locale IN ('en', 'de')),
        abstract text CHECK (length(abstract) <= 10000),
        currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        requested_amount bigint NOT NULL CHECK (requested_amount > 0),
        awarded_amount bigint CHECK (awarded_amount > 0),
        -- The organisation's fund that pays a 'self' stipend; NLnet pays its own grants.
        fund text CHECK (length(fund) BETWEEN 1 AND 60),
        external_ref text CHECK (length(external_ref) <= 100),
        status text NOT NULL DEFAULT 'drafting' CHECK (status IN ('drafting', 'submitted', 'in_review', 'selected', 'rejected', 'withdrawn', 'active', 'completed', 'terminated')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (funder <> 'self' OR fund IS NOT NULL),
        CHECK (status NOT IN ('selected', 'active', 'completed', 'terminated') OR awarded_amount IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX grants_status_idx ON grants (status, created_at DESC)`);
    await q.query(`CREATE INDEX grants_call_idx ON grants (call_id) WHERE call_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE grant_status_changes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        grant_id uuid NOT NULL REFERENCES grants (id),
        from_status text NOT NULL,
        to_status text NOT NULL,
        note text CHECK (length(note) <= 5000),
        actor_id uuid,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX grant_status_changes_grant_idx ON grant_status_changes (grant_id, at)`);

    await q.query(`
      CREATE TABLE milestones (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        grant_id uuid NOT NULL REFERENCES grants (id),
        position integer NOT NULL CHECK (position >= 1),
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        deliverables text CHECK (length(deliverables) <= 5000),
        amount bigint NOT NULL CHECK (amount > 0),
        due_on date NOT NULL,
        status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'in_progress', 'submitted', 'approved', 'changes_requested', 'payment_requested', 'paid')),
        version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
        -- Each submission opens a new review round; votes belong to one round.
        review_round integer NOT NULL DEFAULT 0 CHECK (review_round >= 0),
        evidence text[] NOT NULL DEFAULT '{}',
        submission_note text CHECK (length(submission_note) <= 5000),
        submitted_at timestamptz,
        decided_at timestamptz,
        payment_requested_at timestamptz,
        paid_on date,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        -- Deferred: an amendment reorders milestones one row at a time.
        CONSTRAINT milestones_grant_position_key UNIQUE (grant_id, position) DEFERRABLE INITIALLY DEFERRED,
        CHECK ((status = 'paid') = (paid_on IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX milestones_status_idx ON milestones (status)`);
    await q.query(`
      CREATE TABLE milestone_versions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        milestone_id uuid NOT NULL REFERENCES milestones (id),
        version integer NOT NULL,
        title text NOT NULL,
        deliverables text,
        amount bigint NOT NULL,
        due_on date NOT NULL,
        replaced_by uuid REFERENCES users (id),
        replaced_at timestamptz NOT NULL DEFAULT now(),
        reason text CHECK (length(reason) <= 2000),
        UNIQUE (milestone_id, version)
      )`);
    await q.query(`CREATE TRIGGER milestone_versions_append_only BEFORE UPDATE OR DELETE ON milestone_versions FOR EACH ROW EXECUTE FUNCTION refuse_change()`);
    await q.query(`
      CREATE TABLE milestone_reviews (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        milestone_id uuid NOT NULL REFERENCES milestones (id),
        round integer NOT NULL CHECK (round >= 1),
        reviewer_id uuid NOT NULL REFERENCES users (id),
        -- A recusal is stored (who stepped aside, and why) but never counted.
        decision text NOT NULL CHECK (decision IN ('approve', 'changes_requested', 'recused')),
        recusal_reason text CHECK (recusal_reason IN ('conflict_of_interest', 'grantee')),
        conflict_of_interest boolean NOT NULL,
        comment text CHECK (length(comment) <= 5000),
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (milestone_id, round, reviewer_id),
        CHECK ((decision = 'recused') = (recusal_reason IS NOT NULL))
      )`);
    // The default MilestoneExpensePoster: what was paid from which fund for a 'self' stipend,
    // until the ledger posts it. One payment per milestone.
    await q.query(`
      CREATE TABLE milestone_expenses (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        milestone_id uuid NOT NULL UNIQUE REFERENCES milestones (id),
        grant_id uuid NOT NULL REFERENCES grants (id),
        fund text NOT NULL,
        amount bigint NOT NULL CHECK (amount > 0),
        currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        paid_on date NOT NULL,
        payee text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // A background job runs at most once per period across instances: the first INSERT wins.
    await q.query(`
      CREATE TABLE job_runs (
        job text NOT NULL,
        period text NOT NULL,
        claimed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (job, period)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'job_runs',
      'milestone_expenses',
      'milestone_reviews',
      'milestone_versions',
      'milestones',
      'grant_status_changes',
      'grants',
      'calls',
      'interest_notes',
      'interest_areas',
      'interests',
      'access_tokens',
      'priority_areas',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
