import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 12's grant changes:
 * - a milestone decision records the quorum it was taken with, and why it was reduced when
 *   recusals left a small board unable to reach the configured quorum;
 * - grants from other funders than NLnet (an open name), and grants the organisation supports
 *   but does not administer (`administered = false`: a contributor's own grant);
 * - grants carry priority areas (`grant_areas`), milestones a tracking-issue link;
 * - priority areas get titles per locale (`titles`, e.g. {"de": "…"}; `title` stays the
 *   English one), an `active` flag (retired areas stay on old grants and interests), and the
 *   seed's missing priorities.
 */
export class GrantsForPriorities1764220100000 implements MigrationInterface {
  name = 'GrantsForPriorities1764220100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE milestones ADD COLUMN decision_quorum integer CHECK (decision_quorum >= 1), ADD COLUMN quorum_reduced jsonb`);
    await q.query(`ALTER TABLE milestones ADD COLUMN tracking_url text CHECK (length(tracking_url) <= 2000 AND tracking_url ~ '^https?://')`);
    await q.query(`ALTER TABLE grants DROP CONSTRAINT IF EXISTS grants_funder_check`);
    await q.query(`ALTER TABLE grants ADD CONSTRAINT grants_funder_check CHECK (length(funder) BETWEEN 1 AND 100 AND funder !~ '[[:cntrl:]]')`);
    await q.query(`ALTER TABLE grants ADD COLUMN administered boolean NOT NULL DEFAULT true`);
    await q.query(`ALTER TABLE priority_areas ADD COLUMN titles jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(titles) = 'object'),
                   ADD COLUMN active boolean NOT NULL DEFAULT true`);
    await q.query(`
      CREATE TABLE grant_areas (
        grant_id uuid NOT NULL REFERENCES grants (id) ON DELETE CASCADE,
        area_code text NOT NULL REFERENCES priority_areas (code),
        PRIMARY KEY (grant_id, area_code)
      )`);
    await q.query(`CREATE INDEX grant_areas_area_idx ON grant_areas (area_code)`);
    const missing: [string, string, string][] = [
      ['ring-buffer-io', 'Ring buffers for disk and file-system I/O', 'Ringpuffer für Platten- und Dateisystem-E/A'],
      ['direct-process-switching', 'Direct process switching', 'Direkter Prozesswechsel'],
      ['performance-benchmarking', 'Performance benchmarking', 'Leistungsmessung'],
      ['posix-compliance', 'POSIX compliance and Rust std / crate test suites', 'POSIX-Konformität und Testsuiten für Rust std und Crates'],
      ['upstream-rustc', 'Upstream rustc support', 'Unterstützung im Upstream-rustc'],
      ['repeatable-builds', 'Repeatable builds and Hosted Redox tools', 'Reproduzierbare Builds und Hosted-Redox-Werkzeuge'],
      ['server-containers', 'Redox Server containers and WASM microservices', 'Redox-Server-Container und WASM-Microservices'],
      ['sandboxing', 'Sandboxing by default', 'Sandboxing als Standard'],
      ['gpu-drivers', 'Intel and AMD GPU drivers', 'GPU-Treiber für Intel und AMD'],
      ['hosted-linux-drivers', 'Hosted Linux for drivers', 'Gehostetes Linux für Treiber'],
      ['firmware-management', 'Firmware and system management', 'Firmware und Systemverwaltung'],
      ['documentation', 'Documentation', 'Dokumentation'],
    ];
    for (const [code, title, de] of missing) {
      await q.query(
        `INSERT INTO priority_areas (code, title, titles, position)
         VALUES ($1, $2, jsonb_build_object('de', $3::text), (SELECT coalesce(max(position), 0) + 1 FROM priority_areas))
         ON CONFLICT (code) DO NOTHING`,
        [code, title, de],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE grant_areas`);
    await q.query(`DELETE FROM priority_areas p WHERE p.code = ANY($1) AND NOT EXISTS (SELECT 1 FROM interest_areas ia WHERE ia.area_code = p.code)`, [
      [
        'ring-buffer-io',
        'direct-process-switching',
        'performance-benchmarking',
        'posix-compliance',
        'upstream-rustc',
        'repeatable-builds',
        'server-containers',
        'sandboxing',
        'gpu-drivers',
        'hosted-linux-drivers',
        'firmware-management',
        'documentation',
      ],
    ]);
    await q.query(`ALTER TABLE priority_areas DROP COLUMN titles, DROP COLUMN active`);
    await q.query(`ALTER TABLE grants DROP COLUMN administered`);
    await q.query(`ALTER TABLE grants DROP CONSTRAINT grants_funder_check`);
    await q.query(`ALTER TABLE grants ADD CONSTRAINT grants_funder_check CHECK (funder IN ('NLnet', 'self'))`);
    await q.query(`ALTER TABLE milestones DROP COLUMN tracking_url, DROP COLUMN decision_quorum, DROP COLUMN quorum_reduced`);
  }
}
