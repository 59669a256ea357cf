import pg from 'pg';
import { createTestApp, TestApp } from '../setup/test-app.js';

describe('audit log', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<TestApp['userWith']>>;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.userWith('admin');
  });
  afterAll(() => t.close());

  it('records a staff change with actor, before and after, in the same transaction', async () => {
    const created = await t.http
      .post('/api/v1/users')
      .set(admin.auth)
      .send({ email: `aud-${Date.now()}@coffer.test`, name: 'Audited', roles: ['board'], password: 'a-long-password-1' })
      .expect(201);
    await t.http
      .patch(`/api/v1/users/${created.body.id}`)
      .set(admin.auth)
      .send({ roles: ['board', 'treasurer'] })
      .expect(200);
    const log = await t.http.get(`/api/v1/audit?entity=user&entityId=${created.body.id}`).set(admin.auth).expect(200);
    expect(log.body.items.map((e: { action: string }) => e.action)).toEqual(['user.update', 'user.create']);
    const [update] = log.body.items;
    expect(update).toMatchObject({ actorId: admin.id, actorEmail: admin.email, before: { roles: ['board'] }, after: { roles: ['board', 'treasurer'] } });
    expect(JSON.stringify(log.body)).not.toMatch(/password/i);
  });

  it('writes nothing to the log when the change is refused', async () => {
    const before = (await t.http.get('/api/v1/audit/verify').set(admin.auth).expect(200)).body.rows;
    await t.http
      .post('/api/v1/users')
      .set(admin.auth)
      .send({ email: admin.email, name: 'Dup', roles: ['board'], password: 'a-long-password-1' })
      .expect(409);
    const after = (await t.http.get('/api/v1/audit/verify').set(admin.auth).expect(200)).body.rows;
    expect(after).toBe(before);
  });

  it('refuses UPDATE and DELETE on audit rows in the database itself', async () => {
    const client = new pg.Client({ connectionString: process.env.COFFER_TEST_DB_URL });
    await client.connect();
    try {
      await expect(client.query(`UPDATE audit_log SET action = 'x'`)).rejects.toThrow(/append-only/);
      await expect(client.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
    } finally {
      await client.end();
    }
  });

  it('verifies the chain, then finds a row changed behind the app’s back', async () => {
    const ok = await t.http.get('/api/v1/audit/verify').set(admin.auth).expect(200);
    expect(ok.body).toMatchObject({ ok: true, firstBrokenSeq: null });
    expect(ok.body.rows).toBeGreaterThan(0);
    // Only possible outside the app: a superuser disables the trigger and edits history.
    const client = new pg.Client({ connectionString: process.env.COFFER_TEST_DB_URL });
    await client.connect();
    const setAfter = async (seq: number, after: unknown) => {
      await client.query('BEGIN');
      await client.query(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`);
      await client.query(`UPDATE audit_log SET after = $2 WHERE seq = $1`, [seq, after]);
      await client.query(`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`);
      await client.query('COMMIT');
    };
    const { rows } = await client.query(`SELECT seq::int, after FROM audit_log ORDER BY seq DESC LIMIT 1 OFFSET 1`);
    const victim = rows[0];
    try {
      await setAfter(victim.seq, { roles: ['admin'], note: 'quietly promoted' });
      const broken = await t.http.get('/api/v1/audit/verify').set(admin.auth).expect(200);
      expect(broken.body).toMatchObject({ ok: false, firstBrokenSeq: victim.seq, reason: 'row content does not match its hash' });
    } finally {
      // Put history back so the other test files of this run see a verifying chain.
      await setAfter(victim.seq, victim.after);
      await client.end();
    }
    const restored = await t.http.get('/api/v1/audit/verify').set(admin.auth).expect(200);
    expect(restored.body.ok).toBe(true);
  });
});
