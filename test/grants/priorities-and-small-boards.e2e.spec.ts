import { randomUUID } from 'node:crypto';
import { updateReturning } from '../../src/database/sql.js';
import { createTestApp, TestApp } from '../setup/test-app.js';
import { activeGrant, db, EVIDENCE, grantBody, TWO_MILESTONES } from './helpers.js';

type User = Awaited<ReturnType<TestApp['userWith']>>;

/** Issue 12's grant-side changes: open funders, priority areas managed by admins, small boards. */
describe('priorities, other funders and small boards', () => {
  let t: TestApp;
  let admin: User;
  let treasurer: User;
  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_RATE_LIMIT_PER_MINUTE: '10000', LOGIN_RATE_LIMIT_PER_MINUTE: '1000' });
    admin = await t.userWith('admin');
    treasurer = await t.userWith('treasurer');
  });
  afterAll(() => t.close());

  it('admins add, translate, move and retire priority areas; others may not', async () => {
    const code = `area-${randomUUID().slice(0, 6)}`;
    await t.http.post('/api/v1/priority-areas').set(treasurer.auth).send({ code, title: 'X' }).expect(403);
    await t.http.post('/api/v1/priority-areas').set(admin.auth).send({ code: 'Bad Code', title: 'X' }).expect(400);
    const created = await t.http
      .post('/api/v1/priority-areas')
      .set(admin.auth)
      .send({ code, title: 'Ring buffers everywhere', titles: { de: 'Überall Ringpuffer' }, position: 1 })
      .expect(201);
    expect(created.body).toMatchObject({ code, position: 1, active: true, titles: { de: 'Überall Ringpuffer' } });
    await t.http.post('/api/v1/priority-areas').set(admin.auth).send({ code, title: 'again' }).expect(409);
    const all = await t.http.get('/api/v1/priority-areas/all').set(admin.auth).expect(200);
    const positions = all.body.map((a: { position: number }) => a.position);
    expect(positions).toEqual([...positions].sort((a: number, b: number) => a - b));
    expect(new Set(positions).size).toBe(positions.length);
    expect(all.body[0].code).toBe(code);
    expect(all.body.map((a: { code: string }) => a.code)).toEqual(expect.arrayContaining(['ring-buffer-io', 'documentation', 'sandboxing']));

    const moved = await t.http.patch(`/api/v1/priority-areas/${code}`).set(admin.auth).send({ position: 3 }).expect(200);
    expect(moved.body.position).toBe(3);
    await t.http.patch(`/api/v1/priority-areas/${code}`).set(admin.auth).send({ active: false }).expect(200);
    const shown = await t.http.get('/api/v1/priority-areas').expect(200);
    expect(shown.body.map((a: { code: string }) => a.code)).not.toContain(code);
    const refused = await t.http
      .post('/api/v1/interest')
      .send({ name: 'Ada', email: `ada-${randomUUID().slice(0, 6)}@ex.test`, areas: [code], summary: 'Ring buffers', consent: true });
    expect(refused.status).toBe(400);
    await t.http.patch('/api/v1/priority-areas/no-such-area').set(admin.auth).send({ title: 'x' }).expect(404);
  });

  it('records grants from other funders, not administered by us, with priority areas and tracking links', async () => {
    const res = await t.http
      .post('/api/v1/grants')
      .set(admin.auth)
      .send(grantBody({ funder: 'Sovereign Tech Fund', administered: false, areas: ['ring-buffer-io', 'unix-signals'] }))
      .expect(201);
    expect(res.body).toMatchObject({ funder: 'Sovereign Tech Fund', administered: false, areas: ['ring-buffer-io', 'unix-signals'] });
    const bad = await t.http
      .post('/api/v1/grants')
      .set(admin.auth)
      .send(grantBody({ areas: ['no-such-area'] }))
      .expect(400);
    expect(JSON.stringify(bad.body)).toContain('no-such-area');
    await t.http
      .post('/api/v1/grants')
      .set(admin.auth)
      .send(grantBody({ funder: 'Evil\r\nFunder' }))
      .expect(400);
    const milestones = TWO_MILESTONES.map((m, i) => ({ ...m, trackingUrl: `https://gitlab.redox-os.org/redox-os/kernel/-/issues/${100 + i}` }));
    const put = await t.http.put(`/api/v1/grants/${res.body.id}/milestones`).set(admin.auth).send(milestones).expect(200);
    expect(put.body.items.map((m: { trackingUrl: string }) => m.trackingUrl)).toEqual(milestones.map((m) => m.trackingUrl));
    await t.http
      .put(`/api/v1/grants/${res.body.id}/milestones`)
      .set(admin.auth)
      .send([{ ...milestones[0], trackingUrl: 'javascript:alert(1)' }])
      .expect(400);
    const updated = await t.http
      .patch(`/api/v1/grants/${res.body.id}`)
      .set(admin.auth)
      .send({ areas: ['documentation'] })
      .expect(200);
    expect(updated.body.areas).toEqual(['documentation']);
  });

  describe('a two-member board', () => {
    let others: string[] = [];
    let pair: User[];
    beforeAll(async () => {
      pair = [await t.userWith('board'), await t.userWith('board')];
      // Files run one at a time: for this block the board is exactly these two members.
      const rows = await updateReturning<{ id: string }>(db(t).manager, `UPDATE users SET active = false WHERE active AND 'board' = ANY(roles) AND NOT id = ANY($1) RETURNING id`, [
        pair.map((u) => u.id),
      ]);
      others = rows.map((r) => r.id);
    });
    afterAll(async () => {
      await db(t).query(`UPDATE users SET active = true WHERE id = ANY($1)`, [others]);
    });

    it('approves with the one eligible vote when the other member is recused, and records why the quorum was reduced', async () => {
      const g = await activeGrant(t, admin.auth);
      await t.http.post(`/api/v1/grantee/${g.token}/milestones/${g.milestoneIds[0]}/submit`).send(EVIDENCE).expect(200);
      const vote = (u: User, conflictOfInterest: boolean) =>
        t.http.post(`/api/v1/milestones/${g.milestoneIds[0]}/reviews`).set(u.auth).send({ decision: 'approve', conflictOfInterest });
      const recused = await vote(pair[0], true).expect(201);
      expect(recused.body.milestone.status).toBe('submitted');
      const decided = await vote(pair[1], false).expect(201);
      expect(decided.body.milestone).toMatchObject({ status: 'approved', quorum: 1, quorumReduced: { from: 2, eligible: 1, recused: 1 } });
      const [row] = await db(t).query(`SELECT decision_quorum, quorum_reduced FROM milestones WHERE id = $1`, [g.milestoneIds[0]]);
      expect(row).toMatchObject({ decision_quorum: 1, quorum_reduced: expect.objectContaining({ reason: expect.stringContaining('recusals') }) });
    });

    it('still needs both when nobody is recused', async () => {
      const g = await activeGrant(t, admin.auth);
      await t.http.post(`/api/v1/grantee/${g.token}/milestones/${g.milestoneIds[0]}/submit`).send(EVIDENCE).expect(200);
      const first = await t.http.post(`/api/v1/milestones/${g.milestoneIds[0]}/reviews`).set(pair[0].auth).send({ decision: 'approve', conflictOfInterest: false }).expect(201);
      expect(first.body.milestone.status).toBe('submitted');
      const second = await t.http.post(`/api/v1/milestones/${g.milestoneIds[0]}/reviews`).set(pair[1].auth).send({ decision: 'approve', conflictOfInterest: false }).expect(201);
      expect(second.body.milestone).toMatchObject({ status: 'approved', quorum: 2, quorumReduced: null });
    });
  });
});
