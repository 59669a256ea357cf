import { CallRemindersService } from '../../src/calls/call-reminders.service.js';
import { createTestApp, TestApp } from '../setup/test-app.js';
import { db, outboxFor, tokenOf, uniqueEmail } from './helpers.js';

type User = Awaited<ReturnType<TestApp['userWith']>>;

/** One applicant from the interest form to a paid milestone, with every email they and the board get. */
describe('journey: interest → grant → paid milestone', () => {
  let t: TestApp;
  let admin: User;
  let treasurer: User;
  let board: User[];
  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_RATE_LIMIT_PER_MINUTE: '1000' });
    admin = await t.userWith('admin');
    treasurer = await t.userWith('treasurer');
    board = [await t.userWith('board'), await t.userWith('board'), await t.userWith('board')];
  });
  afterAll(() => t.close());

  it('walks the whole way and sends exactly the expected emails', async () => {
    const email = uniqueEmail('journey');
    const log: string[] = [];
    const step = async <T>(label: string, fn: () => Promise<T>) => {
      const out = await fn();
      log.push(label);
      return out;
    };

    // 1. Interest, in German.
    const interest = await step('POST /api/v1/interest (Accept-Language: de) → 202', () =>
      t.http
        .post('/api/v1/interest')
        .set('Accept-Language', 'de')
        .send({ name: 'Jana Journey', email, areas: ['unix-signals'], summary: 'Signals for Redox', consent: true, expectedBudget: { amount: 2_650_000, currency: 'EUR' } })
        .expect(202),
    );
    const statusToken = tokenOf((await outboxFor(t, email))[0].props.statusUrl);
    const triage = (status: string) => t.http.post(`/api/v1/interest/${interest.body.id}/status`).set(board[0].auth).send({ status }).expect(200);
    await step('board: received → reviewing', () => triage('reviewing'));
    await step('board: reviewing → shortlisted (no email: still "under review" publicly)', () => triage('shortlisted'));
    expect((await t.http.get(`/api/v1/interest/status/${statusToken}`).expect(200)).body.status).toBe('under_review');
    await step('board: shortlisted → invited', () => triage('invited'));

    // 2. A call and the application, drafted against it.
    const deadline = new Date('2041-02-01T12:00:00+01:00');
    const call = await step('POST /api/v1/calls', () =>
      t.http
        .post('/api/v1/calls')
        .set(board[0].auth)
        .send({ funder: 'NLnet', programme: 'NGI Zero Commons Fund', deadline: '2041-02-01T12:00:00+01:00', timeZone: 'Europe/Amsterdam' })
        .expect(201),
    );
    const grant = await step('POST /api/v1/grants (linked to the interest and call) → drafting', () =>
      t.http
        .post('/api/v1/grants')
        .set(board[0].auth)
        .send({
          title: 'Unix-style Signals',
          funder: 'NLnet',
          programme: 'NGI Zero Commons Fund',
          callId: call.body.id,
          interestId: interest.body.id,
          applicant: { name: 'Jana Journey', email },
          requestedAmount: { amount: 3_000_000, currency: 'EUR' },
        })
        .expect(201),
    );
    expect(grant.body).toMatchObject({ status: 'drafting', applicant: { locale: 'de' } });
    const id = grant.body.id;
    await step('job: call reminder 13 days before the deadline', () => t.app.get(CallRemindersService).run(new Date(deadline.getTime() - 13 * 86_400_000)));

    const move = (status: string, extra = {}) =>
      t.http
        .post(`/api/v1/grants/${id}/status`)
        .set(board[0].auth)
        .send({ status, ...extra })
        .expect(200);
    await step('grant: drafting → submitted', () => move('submitted'));
    await step('grant: submitted → in_review', () => move('in_review'));
    await step('grant: in_review → selected (award 26,500 EUR)', () =>
      move('selected', { awardedAmount: { amount: 2_650_000, currency: 'EUR' }, note: 'internal: NLnet asked to trim M3' }),
    );
    const plan = await step('PUT /api/v1/grants/:id/milestones', () =>
      t.http
        .put(`/api/v1/grants/${id}/milestones`)
        .set(board[0].auth)
        .send([
          { title: 'Signal delivery', amount: 1_500_000, dueOn: '2041-06-30' },
          { title: 'sigaction in relibc', amount: 1_150_000, dueOn: '2041-09-30' },
        ])
        .expect(200),
    );
    await step('grant: selected → active (grantee link emailed)', () => move('active'));
    const activation = (await outboxFor(t, email)).find((r) => r.props.status === 'active');
    const granteeToken = tokenOf(activation?.props.granteeUrl);
    const milestone = plan.body.items[0].id;

    // 3. Evidence, a request for changes, evidence again, approval with one recusal.
    const submit = () =>
      t.http
        .post(`/api/v1/grantee/${granteeToken}/milestones/${milestone}/submit`)
        .send({ evidence: ['https://gitlab.redox-os.org/redox-os/kernel/-/merge_requests/100'], note: 'Done' })
        .expect(200);
    await step('grantee: GET /api/v1/grantee/:token', () => t.http.get(`/api/v1/grantee/${granteeToken}`).expect(200));
    await step('grantee: submit milestone 1', submit);
    const vote = (user: User, decision: string, conflictOfInterest = false, comment?: string) =>
      t.http
        .post(`/api/v1/milestones/${milestone}/reviews`)
        .set(user.auth)
        .send({ decision, conflictOfInterest, ...(comment ? { comment } : {}) })
        .expect(201);
    await step('board[0]: changes_requested', () => vote(board[0], 'changes_requested', false, 'Please add tests for SIGCHLD'));
    await step('grantee: submit milestone 1 again', submit);
    await step('board[0]: approve', () => vote(board[0], 'approve'));
    const recused = await step('board[1]: approve with a conflict of interest → recused', () => vote(board[1], 'approve', true));
    expect(recused.body.milestone.status).toBe('submitted');
    const decided = await step('board[2]: approve → approved (quorum 2)', () => vote(board[2], 'approve'));
    expect(decided.body.milestone.status).toBe('approved');

    // 4. Payment.
    await step('treasurer: POST /api/v1/milestones/:id/payment-request', () => t.http.post(`/api/v1/milestones/${milestone}/payment-request`).set(treasurer.auth).expect(200));
    const paid = await step('treasurer: POST /api/v1/milestones/:id/paid {paidOn}', () =>
      t.http.post(`/api/v1/milestones/${milestone}/paid`).set(treasurer.auth).send({ paidOn: '2026-11-20' }).expect(200),
    );
    expect(paid.body).toMatchObject({ status: 'paid', paidOn: '2026-11-20' });
    const page = await t.http.get(`/api/v1/grantee/${granteeToken}`).expect(200);
    expect(page.body.milestones.map((m: { status: string }) => m.status)).toEqual(['paid', 'planned']);

    // Every email the applicant received, and no other.
    const mail = await outboxFor(t, email);
    const seen = mail.map((r) => [r.template, r.locale, r.props.status ?? r.props.decision ?? r.props.daysLeft ?? null]);
    expect(seen).toEqual([
      ['interest-received', 'de', null],
      ['interest-status-changed', 'de', 'under_review'],
      ['interest-status-changed', 'de', 'invited'],
      ['call-deadline-reminder', 'de', 13],
      ['application-status-changed', 'de', 'submitted'],
      ['application-status-changed', 'de', 'in_review'],
      ['application-status-changed', 'de', 'selected'],
      ['application-status-changed', 'de', 'active'],
      ['milestone-decision', 'de', 'changes_requested'],
      ['milestone-decision', 'de', 'approved'],
    ]);
    expect(mail[8].props.comments).toEqual(['Please add tests for SIGCHLD']);
    expect(mail[7].props.publicStatus).toBe('Ihre Förderung läuft: Sie können jetzt Meilensteine einreichen.');
    expect(JSON.stringify(mail)).not.toMatch(/internal|trim M3/);

    // The board: the call reminder and each submission, per member; the payment emails nobody.
    const boardMail = await outboxFor(t, ...board.map((b) => b.email));
    for (const member of board) {
      const own = boardMail.filter((r) => r.recipient === member.email);
      expect(own.map((r) => r.template)).toEqual(['call-deadline-reminder', 'milestone-submitted', 'milestone-submitted']);
      expect(own[1].props).toMatchObject({
        grantTitle: 'Unix-style Signals',
        milestoneTitle: 'Signal delivery',
        amount: '€15,000.00',
        reviewUrl: `http://coffer.test/staff/reviews/${milestone}`,
      });
    }
    expect(await outboxFor(t, treasurer.email, admin.email)).toHaveLength(0);
    const audit = await db(t).query(`SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY seq`, [milestone]);
    expect(audit.map((a: { action: string }) => a.action)).toEqual([
      'milestone.review',
      'milestone.review',
      'milestone.review',
      'milestone.review',
      'milestone.payment_requested',
      'milestone.paid',
    ]);

    process.stdout.write(
      `Journey (${log.length} steps):\n  ${log.join('\n  ')}\nApplicant emails: ${seen.map((s) => `${s[0]}(${s[2] ?? ''})`).join(', ')}\nEach board member: call-deadline-reminder, milestone-submitted ×2\n`,
    );
  });
});
