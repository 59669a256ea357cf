import { createTestApp, TestApp } from '../setup/test-app.js';
import { activeGrant, db, EVIDENCE, outboxFor } from './helpers.js';

type User = Awaited<ReturnType<TestApp['userWith']>>;

describe('board review of milestones', () => {
  let t: TestApp;
  let admin: User;
  let board: User[];
  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_RATE_LIMIT_PER_MINUTE: '10000', LOGIN_RATE_LIMIT_PER_MINUTE: '1000' });
    admin = await t.userWith('admin');
    board = [];
    for (let i = 0; i < 8; i++) board.push(await t.userWith('board'));
  });
  afterAll(() => t.close());

  async function submitted(overrides: Record<string, unknown> = {}) {
    const g = await activeGrant(t, admin.auth, overrides);
    const milestoneId = g.milestoneIds[0];
    await t.http.post(`/api/v1/grantee/${g.token}/milestones/${milestoneId}/submit`).send(EVIDENCE).expect(200);
    return { ...g, milestoneId };
  }
  const vote = (user: User, id: string, decision: string, conflictOfInterest = false, comment?: string) =>
    t.http
      .post(`/api/v1/milestones/${id}/reviews`)
      .set(user.auth)
      .send({ decision, conflictOfInterest, ...(comment ? { comment } : {}) });
  const decisions = async (email: string) => (await outboxFor(t, email)).filter((r) => r.template === 'milestone-decision');

  it('quorum 2: the first approval leaves it submitted, the second approves and tells the grantee once', async () => {
    const g = await submitted();
    const first = await vote(board[0], g.milestoneId, 'approve', false, 'Looks good').expect(201);
    expect(first.body).toMatchObject({ decision: 'approve', recusalReason: null, milestone: { id: g.milestoneId, status: 'submitted' } });
    const second = await vote(board[1], g.milestoneId, 'approve').expect(201);
    expect(second.body.milestone.status).toBe('approved');
    const mail = await decisions(g.email);
    expect(mail).toEqual([expect.objectContaining({ locale: 'en', props: expect.objectContaining({ decision: 'approved', comments: ['Looks good'] }) })]);
    await vote(board[2], g.milestoneId, 'approve').expect(409);
  });

  it('one vote per member and round', async () => {
    const g = await submitted();
    await vote(board[0], g.milestoneId, 'approve').expect(201);
    const again = await vote(board[0], g.milestoneId, 'approve').expect(409);
    expect(again.body.code).toBe('already_voted');
  });

  it('a declared conflict of interest is stored as a recusal and not counted', async () => {
    const g = await submitted();
    const recused = await vote(board[0], g.milestoneId, 'approve', true).expect(201);
    expect(recused.body).toMatchObject({ decision: 'recused', recusalReason: 'conflict_of_interest', conflictOfInterest: true });
    await vote(board[1], g.milestoneId, 'approve').expect(201);
    const [row] = await db(t).query(`SELECT status FROM milestones WHERE id = $1`, [g.milestoneId]);
    expect(row.status).toBe('submitted');
    expect((await vote(board[2], g.milestoneId, 'approve').expect(201)).body.milestone.status).toBe('approved');
  });

  it('the grantee sitting on the board is recused from their own milestone, and not asked to review it', async () => {
    const grantee = board[3];
    const g = await submitted({ applicant: { name: 'Board Grantee', email: grantee.email } });
    const own = await vote(grantee, g.milestoneId, 'approve').expect(201);
    expect(own.body).toMatchObject({ decision: 'recused', recusalReason: 'grantee', milestone: { status: 'submitted' } });
    const asked = (await outboxFor(t, grantee.email, board[4].email)).filter((r) => r.template === 'milestone-submitted' && String(r.props.reviewUrl).endsWith(g.milestoneId));
    expect(asked.map((r) => r.recipient)).toEqual([board[4].email]);
    const queue = await t.http.get('/api/v1/milestones/review-queue').set(grantee.auth).expect(200);
    expect(queue.body.map((q: { id: string }) => q.id)).not.toContain(g.milestoneId);
  });

  it('a request for changes sends it back with the comments; a resubmission opens a new round', async () => {
    const g = await submitted();
    await vote(board[0], g.milestoneId, 'approve', false, 'Nice tests').expect(201);
    expect((await vote(board[1], g.milestoneId, 'changes_requested').expect(400)).body.details[0].field).toBe('comment');
    const back = await vote(board[1], g.milestoneId, 'changes_requested', false, 'Please add the relibc man page').expect(201);
    expect(back.body.milestone.status).toBe('changes_requested');
    expect(await decisions(g.email)).toEqual([
      expect.objectContaining({ props: expect.objectContaining({ decision: 'changes_requested', comments: ['Nice tests', 'Please add the relibc man page'] }) }),
    ]);
    const page = await t.http.get(`/api/v1/grantee/${g.token}`).expect(200);
    expect(page.body.milestones[0]).toMatchObject({ status: 'changes_requested', feedback: ['Nice tests', 'Please add the relibc man page'] });
    expect(JSON.stringify(page.body)).not.toMatch(/reviewer|Test board/);

    await t.http.post(`/api/v1/grantee/${g.token}/milestones/${g.milestoneId}/submit`).send(EVIDENCE).expect(200);
    // Round 2: earlier votes do not count and the same members may vote again.
    expect((await vote(board[0], g.milestoneId, 'approve').expect(201)).body).toMatchObject({ round: 2, milestone: { status: 'submitted' } });
    expect((await vote(board[1], g.milestoneId, 'approve').expect(201)).body.milestone.status).toBe('approved');
    expect((await decisions(g.email)).map((r) => r.props.decision)).toEqual(['changes_requested', 'approved']);
  });

  it.each([
    ['planned', async () => (await activeGrant(t, admin.auth)).milestoneIds[0]],
    ['unknown', async () => '00000000-0000-4000-8000-000000000000'],
  ])('a vote on a %s milestone is refused', async (kind, id) => {
    const res = await vote(board[0], await id(), 'approve');
    expect(res.status).toBe(kind === 'unknown' ? 404 : 409);
  });

  it('only board members vote', async () => {
    const g = await submitted();
    const treasurer = await t.userWith('treasurer');
    await t.http.post(`/api/v1/milestones/${g.milestoneId}/reviews`).set(treasurer.auth).send({ decision: 'approve', conflictOfInterest: false }).expect(403);
    await t.http.post(`/api/v1/milestones/${g.milestoneId}/reviews`).set(admin.auth).send({ decision: 'approve', conflictOfInterest: false }).expect(403);
    await t.http.post(`/api/v1/milestones/${g.milestoneId}/reviews`).send({ decision: 'approve', conflictOfInterest: false }).expect(401);
  });

  it('R5: two approvals at once with quorum 2 give exactly one decision', async () => {
    const rounds = 10;
    let decided = 0;
    let emails = 0;
    for (let i = 0; i < rounds; i++) {
      const g = await submitted();
      const answers = await Promise.all([vote(board[0], g.milestoneId, 'approve'), vote(board[1], g.milestoneId, 'approve')]);
      expect(answers.map((a) => a.status)).toEqual([201, 201]);
      const statuses = answers.map((a) => a.body.milestone.status).sort();
      expect(statuses).toEqual(['approved', 'submitted']);
      decided += statuses.filter((s) => s === 'approved').length;
      emails += (await decisions(g.email)).length;
    }
    expect(decided).toBe(rounds);
    expect(emails).toBe(rounds);
    process.stdout.write(`R5 racing votes: ${rounds} milestones × 2 simultaneous approvals (quorum 2) → ${decided} decisions, ${emails} decision emails\n`);
  });

  it('R5: eight board members voting at once still give one decision', async () => {
    const rounds = 5;
    const summary = { votes: 0, accepted: 0, refused: 0, decisions: 0, emails: 0 };
    for (let i = 0; i < rounds; i++) {
      const g = await submitted();
      const answers = await Promise.all(board.map((member, k) => vote(member, g.milestoneId, k === 5 && i % 2 ? 'changes_requested' : 'approve', false, 'seen')));
      summary.votes += answers.length;
      summary.accepted += answers.filter((a) => a.status === 201).length;
      summary.refused += answers.filter((a) => a.status === 409).length;
      expect(answers.every((a) => a.status === 201 || a.status === 409)).toBe(true);
      const decisive = answers.filter((a) => a.status === 201 && a.body.milestone.status !== 'submitted');
      expect(decisive).toHaveLength(1);
      summary.decisions += decisive.length;
      summary.emails += (await decisions(g.email)).length;
      const [row] = await db(t).query(`SELECT status FROM milestones WHERE id = $1`, [g.milestoneId]);
      expect(row.status).toBe(decisive[0].body.milestone.status);
    }
    expect(summary.decisions).toBe(rounds);
    expect(summary.emails).toBe(rounds);
    process.stdout.write(
      `R5 vote storm: ${rounds} milestones × ${board.length} simultaneous votes = ${summary.votes} votes, ${summary.accepted} counted, ${summary.refused} refused after the decision (409), ${summary.decisions} decisions, ${summary.emails} decision emails\n`,
    );
  });
});
