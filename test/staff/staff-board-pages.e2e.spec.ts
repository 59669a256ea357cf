import { randomUUID } from 'node:crypto';
import { activeGrant, db, grantBody, interestBody } from '../grants/helpers.js';
import { smallPdf } from '../setup/pdf.js';
import { createTestApp, TestApp } from '../setup/test-app.js';
import { signIn, type StaffSessionCookie } from './staff-kit.js';
import type { ConfigService } from '@nestjs/config';
import { StaffSessionCache } from '../../src/auth/staff-session-cache.js';
import { StaffSessionService } from '../../src/auth/staff-session.service.js';
import { TransactionService } from '../../src/database/transaction.service.js';
import { StaffGrantsController } from '../../src/staff/staff-grants.controller.js';

type User = Awaited<ReturnType<TestApp['userWith']>>;

/**
 * The board's staff pages (issue 14): grants, interest triage, hiring. Each write goes through
 * the same service and DTO as the API, so the rows it leaves are the API's rows; a refused move
 * or a bad form answers a page naming the problem and writes nothing.
 */
describe('staff board pages: grants, interest, hiring', () => {
  let t: TestApp;
  let admin: User;
  let board: User;
  let treasurer: User;
  let boardS: StaffSessionCookie;
  let adminS: StaffSessionCookie;
  let treasurerS: StaffSessionCookie;

  const get = (path: string, s: StaffSessionCookie) => t.http.get(path).set('Cookie', s.cookie);
  const post = (path: string, s: StaffSessionCookie, form: Record<string, string>, csrf = true) =>
    t.http
      .post(path)
      .set('Cookie', s.cookie)
      .type('form')
      .send(csrf ? { _csrf: s.csrf, ...form } : form);
  const newGrant = async () => (await t.http.post('/api/v1/grants').set(admin.auth).send(grantBody()).expect(201)).body as { id: string; title: string };
  const newInterest = async () => {
    const body = interestBody({ name: `Ivy ${randomUUID().slice(0, 6)}` });
    const { id } = (await t.http.post('/api/v1/interest').send(body).expect(202)).body as { id: string };
    return { id, name: body.name };
  };
  const statusChanges = (grantId: string) =>
    db(t).query(`SELECT from_status AS "from", to_status AS "to", note, actor_id AS "actorId" FROM grant_status_changes WHERE grant_id = $1 ORDER BY at, id`, [grantId]);
  /** The text of the page's error summary and field messages. */
  const problems = (html: string) => [...html.matchAll(/<p class="field-error"[^>]*>[\s\S]*?<\/span>\s*([^<]+)<\/p>/g)].map((m) => m[1].trim().replace(/&#x27;/g, "'"));

  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_RATE_LIMIT_PER_MINUTE: '1000', LOGIN_RATE_LIMIT_PER_MINUTE: '1000' });
    admin = await t.userWith('admin');
    board = await t.userWith('board');
    treasurer = await t.userWith('treasurer');
    [adminS, boardS, treasurerS] = [await signIn(t, admin.email), await signIn(t, board.email), await signIn(t, treasurer.email)];
  });
  afterAll(() => t.close());

  it('lists grants (filter by status, caption, pager) and shows one to admin, board and treasurer; the navigation offers what each role opens', async () => {
    const grant = await newGrant();
    for (const s of [adminS, boardS, treasurerS]) {
      const list = await get('/staff/grants?status=drafting', s).expect(200);
      expect(list.text).toContain(`<a href="/staff/grants/${grant.id}">${grant.title}</a>`);
      expect(list.text).toMatch(/<caption id="c-grants">Grant applications and grants, newest first \(\d+ in all\)<\/caption>/);
      expect(list.text).toContain('<option value="drafting" selected>');
      const page = await get(`/staff/grants/${grant.id}`, s).expect(200);
      expect(page.text).toContain(`<h1>Grant: ${grant.title}</h1>`);
      expect(page.text).toContain('Gina Grantee');
      expect(page.text).toContain('€30,000.00');
      expect(page.text).toContain('Submitted, Withdrawn'); // the state machine's next steps
    }
    const other = await get('/staff/grants?status=active', boardS).expect(200);
    expect(other.text).not.toContain(grant.id);
    // The treasurer reads (as the API lets them) but gets no forms, and no interest or hiring pages.
    const asTreasurer = await get(`/staff/grants/${grant.id}`, treasurerS).expect(200);
    expect(asTreasurer.text).not.toContain(`action="/staff/grants/${grant.id}/status"`);
    expect(asTreasurer.text).toContain('href="/staff/grants"');
    expect(asTreasurer.text).not.toContain('href="/staff/interest"');
    expect(asTreasurer.text).not.toContain('href="/staff/hiring"');
    const asBoard = await get(`/staff/grants/${grant.id}`, boardS).expect(200);
    expect(asBoard.text).toContain(`action="/staff/grants/${grant.id}/status"`);
    for (const nav of ['/staff/grants', '/staff/interest', '/staff/hiring']) expect(asBoard.text).toContain(`href="${nav}"`);
  });

  it('refuses the treasurer where the API does (403 page), and answers 404 for a bad or unknown id', async () => {
    const grant = await newGrant();
    const refused = await post(`/staff/grants/${grant.id}/status`, treasurerS, { status: 'submitted' }).expect(403);
    expect(refused.text).toContain('Not open to your role');
    await t.http.post(`/api/v1/grants/${grant.id}/status`).set(treasurer.auth).send({ status: 'submitted' }).expect(403);
    await post(`/staff/grants/${grant.id}/grantee-link`, treasurerS, {}).expect(403);
    for (const path of ['/staff/interest', '/staff/hiring', `/staff/interest/${randomUUID()}`, `/staff/hiring/${randomUUID()}`]) {
      expect((await get(path, treasurerS).expect(403)).text).toContain('Not open to your role');
    }
    await t.http.get('/api/v1/interest').set(treasurer.auth).expect(403);
    await t.http.get('/api/v1/role-applications').set(treasurer.auth).expect(403);
    expect((await statusChanges(grant.id)).length).toBe(0);
    for (const path of ['/staff/grants/not-a-uuid', '/staff/interest/123', '/staff/hiring/x']) {
      const res = await get(path, adminS).expect(404);
      expect(res.headers['content-type']).toContain('text/html');
    }
    await get(`/staff/grants/${randomUUID()}`, boardS).expect(404);
  });

  it('a form without the CSRF token is refused with 403 and writes nothing', async () => {
    const grant = await newGrant();
    const interest = await newInterest();
    const missing = await post(`/staff/grants/${grant.id}/status`, boardS, { status: 'submitted' }, false).expect(403);
    expect(missing.text).toContain('The form has expired');
    await post(`/staff/interest/${interest.id}/notes`, boardS, { body: 'no token' }, false).expect(403);
    await post(`/staff/interest/${interest.id}/status`, boardS, { status: 'reviewing' }, false).expect(403);
    await post(`/staff/grants/${grant.id}/status`, boardS, { status: 'submitted', _csrf: adminS.csrf }, false).expect(403);
    expect((await statusChanges(grant.id)).length).toBe(0);
    const [row] = await db(t).query(`SELECT status, (SELECT count(*)::int FROM interest_notes WHERE interest_id = $1) AS notes FROM interests WHERE id = $1`, [interest.id]);
    expect(row).toEqual({ status: 'received', notes: 0 });
  });

  it('moves a grant through the state machine with the API’s rows; an illegal move or bad input answers a page and writes nothing', async () => {
    const grant = await newGrant();
    const moved = await post(`/staff/grants/${grant.id}/status`, boardS, { status: 'submitted', note: '  Sent to NLnet on time  ' }).expect(303);
    expect(moved.headers.location).toBe(`/staff/grants/${grant.id}`);
    expect(String(moved.headers['set-cookie'])).toContain('coffer_flash=grantMoved');
    const after = await get(`/staff/grants/${grant.id}`, boardS).set('Cookie', `${boardS.cookie}; coffer_flash=grantMoved`).expect(200);
    expect(after.text).toContain('The grant&#x27;s status is changed.');
    // The same rows the API writes: the change with its trimmed note, the audit entry, the applicant's email.
    expect(await statusChanges(grant.id)).toEqual([{ from: 'drafting', to: 'submitted', note: 'Sent to NLnet on time', actorId: board.id }]);
    const [audit] = await db(t).query(`SELECT action, actor_id AS "actorId" FROM audit_log WHERE entity_id = $1 AND action = 'grant.status'`, [grant.id]);
    expect(audit).toEqual({ action: 'grant.status', actorId: board.id });
    const [{ n }] = await db(t).query(`SELECT count(*)::int AS n FROM email_outbox WHERE dedupe_key = $1`, [`grant-status:${grant.id}:submitted`]);
    expect(n).toBe(1);

    // submitted → active is not a move of the state machine: 409 page naming it, typed values kept.
    const illegal = await post(`/staff/grants/${grant.id}/status`, boardS, { status: 'active', note: 'skip ahead' }).expect(409);
    expect(problems(illegal.text)).toEqual(['“Active” cannot follow the current status: choose one of the steps offered']);
    expect(illegal.text).toContain('<title>Error:');
    expect(illegal.text).toContain('>skip ahead</textarea>');
    await t.http.post(`/api/v1/grants/${grant.id}/status`).set(board.auth).send({ status: 'active' }).expect(409);

    // Bad input: no status; an unknown status; an amount that is not one; selection without an award.
    const none = await post(`/staff/grants/${grant.id}/status`, boardS, { status: '', note: 'kept' }).expect(400);
    expect(problems(none.text)).toEqual(['Choose the new status from the list']);
    expect(none.text).toContain('>kept</textarea>');
    const unknown = await post(`/staff/grants/${grant.id}/status`, boardS, { status: 'approved' }).expect(400);
    expect(problems(unknown.text)).toEqual(['Choose the new status from the list']);
    await post(`/staff/grants/${grant.id}/status`, boardS, { status: 'in_review' }).expect(303);
    const amount = await post(`/staff/grants/${grant.id}/status`, boardS, { status: 'selected', awardedAmount: '12,3x' }).expect(400);
    expect(problems(amount.text)).toEqual(['Enter the awarded amount as a number, for example 26,500.00']);
    expect(amount.text).toContain('value="12,3x"');
    const noAward = await post(`/staff/grants/${grant.id}/status`, boardS, { status: 'selected' }).expect(400);
    expect(problems(noAward.text)).toEqual(['Enter the awarded amount to select the grant']);
    const tooLong = await post(`/staff/grants/${grant.id}/status`, boardS, { status: 'rejected', note: 'x'.repeat(5001) }).expect(400);
    expect(problems(tooLong.text)).toEqual(['Enter a note of at most 5,000 characters, without control characters, or leave it empty']);
    expect((await statusChanges(grant.id)).map((c: { to: string }) => c.to)).toEqual(['submitted', 'in_review']);

    // A German amount selects the grant in its currency, as the API's awardedAmount.
    await post(`/staff/grants/${grant.id}/status?lang=de`, boardS, { status: 'selected', awardedAmount: '26.500,00' }).expect(303);
    const [row] = await db(t).query(`SELECT status, awarded_amount::text AS awarded FROM grants WHERE id = $1`, [grant.id]);
    expect(row).toEqual({ status: 'selected', awarded: '2650000' });
  });

  it('reissues the grantee link: the new link is shown once, works, and the old one is revoked', async () => {
    const grant = await activeGrant(t, board.auth);
    await t.http.get(`/grantee/${grant.token}`).expect(200);
    const page = await get(`/staff/grants/${grant.id}`, adminS).expect(200);
    expect(page.text).toContain(`action="/staff/grants/${grant.id}/grantee-link"`);
    for (const id of grant.milestoneIds) expect(page.text).not.toContain(`href="/staff/reviews/${id}"`); // none submitted yet
    const issued = await post(`/staff/grants/${grant.id}/grantee-link`, adminS, {}).expect(303);
    expect(issued.headers.location).toBe(`/staff/grants/${grant.id}`);
    const cookies = ([] as string[]).concat(issued.headers['set-cookie'] ?? []);
    const linkCookie = cookies.find((c) => c.startsWith('coffer_grantee_link='))!;
    expect(linkCookie).toContain(`Path=/staff/grants/${grant.id}`);
    expect(linkCookie).toContain('HttpOnly');
    expect(linkCookie).not.toContain('Secure'); // APP_URL is http here
    const shown = await get(`/staff/grants/${grant.id}`, adminS)
      .set('Cookie', `${adminS.cookie}; ${linkCookie.split(';')[0]}`)
      .expect(200);
    const link = /<code class="grantee-link">([^<]+)<\/code>/.exec(shown.text)?.[1];
    expect(link).toMatch(/^http:\/\/coffer\.test\/grantee\/[A-Za-z0-9_-]{43}$/);
    expect(String(shown.headers['set-cookie'])).toContain('coffer_grantee_link=; Path=');
    expect(shown.headers['cache-control']).toBe('no-store');
    await t.http.get(`/grantee/${link!.split('/').pop()}`).expect(200);
    await t.http.get(`/grantee/${grant.token}`).expect(404);
    const [audit] = await db(t).query(`SELECT actor_id AS "actorId", after FROM audit_log WHERE entity_id = $1 AND action = 'grant.grantee-link'`, [grant.id]);
    expect(audit.actorId).toBe(admin.id);
    expect((await get(`/staff/grants/${grant.id}`, adminS).expect(200)).text).not.toContain('class="grantee-link"');

    // Not active: refused as the API refuses it, with a page naming why.
    const drafting = await newGrant();
    const refused = await post(`/staff/grants/${drafting.id}/grantee-link`, boardS, {}).expect(409);
    expect(problems(refused.text)).toEqual(['A grantee link is only issued for an active grant']);
  });

  it('with an https APP_URL the grantee-link cookie is Secure, as the session cookie (set and cleared)', async () => {
    const grant = await activeGrant(t, board.auth);
    const config = { get: (key: string) => (key === 'APP_URL' ? 'https://coffer.example.org' : 480) } as unknown as ConfigService;
    const https = new StaffSessionService(t.app.get(TransactionService), config as never, t.app.get(StaffSessionCache));
    const controller = t.app.get<StaffGrantsController, { sessions: StaffSessionService }>(StaffGrantsController);
    const real = controller.sessions;
    controller.sessions = https;
    try {
      const issued = await post(`/staff/grants/${grant.id}/grantee-link`, adminS, {}).expect(303);
      const linkCookie = ([] as string[]).concat(issued.headers['set-cookie'] ?? []).find((c) => c.startsWith('coffer_grantee_link='))!;
      expect(linkCookie).toMatch(new RegExp(`^coffer_grantee_link=[^;]+; Path=/staff/grants/${grant.id}; Max-Age=120; HttpOnly; SameSite=Strict; Secure$`));
      const shown = await get(`/staff/grants/${grant.id}`, adminS)
        .set('Cookie', `${adminS.cookie}; ${linkCookie.split(';')[0]}`)
        .expect(200);
      const cleared = ([] as string[]).concat(shown.headers['set-cookie'] ?? []).find((c) => c.startsWith('coffer_grantee_link='))!;
      expect(cleared).toBe(`coffer_grantee_link=; Path=/staff/grants/${grant.id}; Max-Age=0; HttpOnly; SameSite=Strict; Secure`);
    } finally {
      controller.sessions = real;
    }
  });

  it('a board member who is the grantee cannot run the grant from the page either (as the API refuses it)', async () => {
    const member = await t.userWith('board');
    const s = await signIn(t, member.email);
    const grant = (
      await t.http
        .post('/api/v1/grants')
        .set(admin.auth)
        .send(grantBody({ applicant: { name: 'Member Grantee', email: member.email } }))
        .expect(201)
    ).body as { id: string };
    await get(`/staff/grants/${grant.id}`, s).expect(200);
    await post(`/staff/grants/${grant.id}/status`, s, { status: 'submitted' }).expect(403);
    await t.http.post(`/api/v1/grants/${grant.id}/status`).set(member.auth).send({ status: 'submitted' }).expect(403);
    expect((await statusChanges(grant.id)).length).toBe(0);
  });

  it('a submitted milestone links to its review page', async () => {
    const grant = await activeGrant(t, board.auth);
    await t.http
      .post(`/api/v1/grantee/${grant.token}/milestones/${grant.milestoneIds[0]}/submit`)
      .send({ evidence: ['https://gitlab.redox-os.org/redox-os/kernel/-/merge_requests/1'] })
      .expect(200);
    const page = await get(`/staff/grants/${grant.id}`, boardS).expect(200);
    expect(page.text).toContain(`href="/staff/reviews/${grant.milestoneIds[0]}"`);
    expect(page.text).not.toContain(`href="/staff/reviews/${grant.milestoneIds[1]}"`);
  });

  it('interest triage: the queue, a note and the status flow write what the API writes; an illegal move writes nothing', async () => {
    const interest = await newInterest();
    const queue = await get('/staff/interest?status=received', boardS).expect(200);
    expect(queue.text).toContain(`<a href="/staff/interest/${interest.id}">${interest.name}</a>`);
    expect(queue.text).toMatch(/<caption id="c-interests">Submitted interest, newest first \(\d+ in all\)<\/caption>/);
    expect((await get('/staff/interest?status=declined', boardS).expect(200)).text).not.toContain(interest.id);
    const page = await get(`/staff/interest/${interest.id}`, adminS).expect(200);
    expect(page.text).toContain('Implement POSIX signal delivery');
    expect(page.text).toContain('Unix signals');

    await post(`/staff/interest/${interest.id}/notes`, boardS, { body: '  Strong kernel background.  ' }).expect(303);
    const [note] = await db(t).query(`SELECT body, author_id AS "authorId" FROM interest_notes WHERE interest_id = $1`, [interest.id]);
    expect(note).toEqual({ body: 'Strong kernel background.', authorId: board.id });
    const [noteAudit] = await db(t).query(`SELECT after FROM audit_log WHERE entity_id = $1 AND action = 'interest.note'`, [interest.id]);
    expect(noteAudit.after).toMatchObject({ length: 'Strong kernel background.'.length });
    const empty = await post(`/staff/interest/${interest.id}/notes`, boardS, { body: '   ' }).expect(400);
    expect(problems(empty.text)).toEqual(['Enter a note of at most 5,000 characters, without control characters']);
    const control = await post(`/staff/interest/${interest.id}/notes`, boardS, { body: 'bell \u0007 here' }).expect(400);
    expect(problems(control.text)).toEqual(['Enter a note of at most 5,000 characters, without control characters']);
    expect(control.text).toContain('>bell');

    const illegal = await post(`/staff/interest/${interest.id}/status`, boardS, { status: 'invited', note: 'too early' }).expect(409);
    expect(problems(illegal.text)).toEqual(['“Invited to apply” cannot follow the current status: choose one of the steps offered']);
    expect(illegal.text).toContain('>too early</textarea>');
    const bad = await post(`/staff/interest/${interest.id}/status`, boardS, { status: 'maybe' }).expect(400);
    expect(problems(bad.text)).toEqual(['Choose the new status from the list']);
    await post(`/staff/interest/${interest.id}/status`, boardS, { status: 'reviewing', note: 'Reading it this week' }).expect(303);
    const [row] = await db(t).query(`SELECT status, (SELECT count(*)::int FROM interest_notes WHERE interest_id = $1) AS notes FROM interests WHERE id = $1`, [interest.id]);
    expect(row).toEqual({ status: 'reviewing', notes: 2 });
    const [moveAudit] = await db(t).query(`SELECT before, after, actor_id AS "actorId" FROM audit_log WHERE entity_id = $1 AND action = 'interest.status'`, [interest.id]);
    expect(moveAudit).toEqual({ before: { status: 'received' }, after: { status: 'reviewing' }, actorId: board.id });
    const shown = await get(`/staff/interest/${interest.id}`, boardS).expect(200);
    expect(shown.text).toContain('Reading it this week');
    expect(shown.text).toContain('<option value="shortlisted">');
    expect(shown.text).not.toContain('<option value="invited">');
  });

  it('hiring: applications per role, the CV as a safe download, notes and a stage change; a voted move is refused', async () => {
    const role = (
      await t.http
        .post('/api/v1/roles')
        .set(admin.auth)
        .send({
          title: `Driver developer ${randomUUID().slice(0, 4)}`,
          kind: 'staff',
          fund: 'general',
          currency: 'EUR',
          monthlyCost: 300_000,
          startsOn: '2027-04-01',
          status: 'hiring',
          public: true,
          posting: { description: 'Drivers.', whatToSend: 'A CV', deadline: '2099-12-31' },
        })
        .expect(201)
    ).body as { id: string; title: string };
    const name = `Hal ${randomUUID().slice(0, 6)}`;
    const pdf = smallPdf(`${name} CV`);
    const { id } = (
      await t.http
        .post(`/api/v1/roles/${role.id}/applications`)
        .field('name', name)
        .field('email', `hal-${randomUUID().slice(0, 6)}@applicant.test`)
        .field('message', 'I write drivers.')
        .attach('cv', pdf, { filename: 'Hal "CV"; x.pdf', contentType: 'application/pdf' })
        .expect(202)
    ).body as { id: string };

    const list = await get(`/staff/hiring?roleId=${role.id}`, boardS).expect(200);
    expect(list.text).toContain(`<a href="/staff/hiring/${id}">${name}</a>`);
    expect(list.text).toContain(`Applications for ${role.title}.`);
    expect((await get(`/staff/hiring?roleId=${role.id}&stage=hired`, boardS).expect(200)).text).not.toContain(id);
    const page = await get(`/staff/hiring/${id}`, adminS).expect(200);
    expect(page.text).toContain(`href="/staff/hiring/${id}/cv"`);
    expect(page.text).not.toContain(`action="/staff/hiring/${id}/votes"`); // not interviewing yet

    const cv = await get(`/staff/hiring/${id}/cv`, boardS).buffer(true).expect(200);
    expect(cv.headers['content-type']).toBe('application/pdf');
    expect(cv.headers['content-disposition']).toMatch(/^attachment; filename="[\w.-]+"$/);
    expect(cv.headers['cache-control']).toBe('private, no-store');
    expect(cv.headers['x-content-type-options']).toBe('nosniff');
    expect(Buffer.compare(cv.body as Buffer, pdf)).toBe(0);
    await get(`/staff/hiring/${id}/cv`, treasurerS).expect(403);

    await post(`/staff/hiring/${id}/notes`, boardS, { body: 'Good driver code on GitHub.' }).expect(303);
    const [note] = await db(t).query(`SELECT body, author_id AS "authorId" FROM role_application_notes WHERE application_id = $1`, [id]);
    expect(note).toEqual({ body: 'Good driver code on GitHub.', authorId: board.id });
    const illegal = await post(`/staff/hiring/${id}/stage`, boardS, { stage: 'hired' }).expect(409);
    expect(problems(illegal.text)).toEqual(['“Hired” cannot follow the current stage: choose one of the steps offered']);
    await post(`/staff/hiring/${id}/stage`, boardS, { stage: 'shortlisted' }).expect(303);
    await post(`/staff/hiring/${id}/stage`, adminS, { stage: 'interviewing', note: 'Call on Monday' }).expect(303);
    const voted = await post(`/staff/hiring/${id}/stage`, boardS, { stage: 'offered' }).expect(409);
    expect(problems(voted.text)).toEqual(["An offer is made by the board's vote, not by a stage change"]);
    const [row] = await db(t).query(`SELECT stage, (SELECT count(*)::int FROM role_application_notes WHERE application_id = $1) AS notes FROM role_applications WHERE id = $1`, [
      id,
    ]);
    expect(row).toEqual({ stage: 'interviewing', notes: 2 });
    // The vote form is the board's (as the API's vote route): an admin sees none and is refused.
    expect((await get(`/staff/hiring/${id}`, adminS).expect(200)).text).not.toContain(`action="/staff/hiring/${id}/votes"`);
    await post(`/staff/hiring/${id}/votes`, adminS, { decision: 'offer' }).expect(403);
    const noChoice = await post(`/staff/hiring/${id}/votes`, boardS, { comment: 'hmm' }).expect(400);
    expect(problems(noChoice.text)).toEqual(['Choose whether to make an offer']);
    await post(`/staff/hiring/${id}/votes`, boardS, { decision: 'offer', comment: 'Yes' }).expect(303);
    const [vote] = await db(t).query(`SELECT decision, comment, voter_id AS "voterId" FROM role_application_votes WHERE application_id = $1`, [id]);
    expect(vote).toEqual({ decision: 'offer', comment: 'Yes', voterId: board.id });
    // The votes table: each row headed by the voter's name (a row header), then the decision and the comment.
    const withVote = await get(`/staff/hiring/${id}`, boardS).expect(200);
    expect(withVote.text).toMatch(/<tbody><tr><th scope="row">Test board<\/th><td>[^<]+<\/td><td>Yes<\/td><\/tr>/);
  });
});
