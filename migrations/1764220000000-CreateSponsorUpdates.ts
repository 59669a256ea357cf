import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sponsor updates (SPEC §9): a board member's news to sponsors, drafted, previewed, then sent
 * once. `sent_at` is set by the one conditional UPDATE that queues the emails, so sending twice
 * (or two board members at once) queues nothing the second time; each email also carries the
 * dedupe key `update:<id>:<sponsorId>` in the outbox, which is where delivery counts come from.
 * `impact` is the impact summary frozen when sent, so every sponsor reads the same figures.
 */
export class CreateSponsorUpdates1764220000000 implements MigrationInterface {
  name = 'CreateSponsorUpdates1764220000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sponsor_updates (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        audience text NOT NULL CHECK (audience ~ '^(all|recurring|fund:[a-z0-9][a-z0-9-]{0,62})$'),
        -- Locale variants: {"en": {"subject", "body"}, "de": {...}}; English is required.
        variants jsonb NOT NULL CHECK (variants ? 'en'),
        include_impact_summary boolean NOT NULL DEFAULT false,
        period_from date NOT NULL,
        period_to date NOT NULL,
        impact jsonb,
        created_by uuid NOT NULL REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        sent_by uuid REFERENCES users (id),
        queued integer CHECK (queued >= 0),
        CHECK (period_from <= period_to),
        CHECK ((sent_at IS NULL) = (sent_by IS NULL) AND (sent_at IS NULL) = (queued IS NULL))
      )`);
    await q.query(`CREATE INDEX sponsor_updates_created_idx ON sponsor_updates (created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE sponsor_updates`);
  }
}
