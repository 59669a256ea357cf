import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { smallPdf, elfExecutable, windowsExecutable } from '../setup/pdf.js';
import { db, outboxFor, tokenOf } from '../grants/helpers.js';
import { createTestApp, TestApp } from '../setup/test-app.js';

type User = Awaited<ReturnType<TestApp['userWith']>>;
const POSTING = {
  description: '## The work\n\nThe **microkernel**, drivers and relibc. <script>alert(1)</script> [apply](javascript:alert(1))',
  whatToSend: 'A CV (PDF) and links to code you wrote',
  deadline: '2099-12-31',
};

/**
 * Hiring on real PostgreSQL, through HTTP: posting → application with a CV → board stages,
 * notes and the offer vote → hired (the role becomes active with the applicant as holder);
 * CV checks by content, size and who may read it; erasure; the small-board quorum.
 */
describe('hiring for funded roles', () => {
  let t: TestApp;
  let treasurer: User;
  let admin: User;
  let boardA: User;
  let boardB: User;

  const hiringRole = async (overrides: Record<string, unknown> = {}) =>
    (
      await t.http
        .post('/api/v1/roles')
        .set(treasurer.auth)
        .send({
          title: `Kernel developer ${randomUUID().slice(0, 4)}`,
          kind: 'staff',
          fund: 'general',
          currency: 'EUR',
          monthlyCost: 350_000,
          startsOn: '2027-03-01',
          status: 'hiring',
          public: true,
          posting: POSTING,
          ...overrides,
        })
        .expect(201)
    ).body as { id: string; title: string };
  const email = (label: string) => `${label}-${randomUUID().slice(0, 8)}@applicant.test`;
  const apply = (roleId: string, fields: Record<string, string | string[]>, cv?: { bytes: Buffer; filename: string; contentType?: string }) => {
    let req = t.http.post(`/api/v1/roles/${roleId}/applications`);
    for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) req = req.field(name, v);
    if (cv) req = req.attach('cv', cv.bytes, { filename: cv.filename, contentType: cv.contentType ?? 'application/pdf' });
    return req;
  };
  const applicationsFor = (address: string) => db(t).query(`SELECT id FROM role_applications WHERE email = $1`, [address]);

  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_RATE_LIMIT_PER_MINUTE: '1000', GRANT_REVIEW_QUORUM: '2' });
    treasurer = await t.userWith('treasurer');
    admin = await t.userWith('admin');
    // This file's board alone, so the quorum and "every email" are exactly this board's.
    await db(t).query(`UPDATE users SET active = false WHERE 'board' = ANY(roles)`);
    boardA = await t.userWith('board');
    boardB = await t.userWith('board');
  });
  afterAll(() => t.close());

  it('journey: posting → application with a CV → stages, notes, votes → hired, with every email it sends and no other', async () => {
    const requests: string[] = [];
    const log = (line: string) => requests.push(line);
    const start = (await db(t).query(`SELECT now() AS at`))[0].at as Date;

    const role = await hiringRole();
    log(`POST /api/v1/roles (treasurer) → 201 hiring with posting`);
    const jobs = await t.http.get('/api/v1/jobs').expect(200);
    log(`GET /api/v1/jobs → 200 (${jobs.body.length} open)`);
    const job = jobs.body.find((j: { id: string }) => j.id === role.id);
    expect(job).toMatchObject({ title: role.title, whatToSend: POSTING.whatToSend, deadline: '2099-12-31', applyUrl: `/api/v1/roles/${role.id}/applications` });
    expect(job.descriptionHtml).toContain('<strong>microkernel</strong>');
    expect(job.descriptionHtml).not.toMatch(/<script|javascript:/);
    expect(Object.keys(job)).not.toEqual(expect.arrayContaining(['monthlyCost', 'fund', 'holder']));
    expect((await t.http.get(`/api/v1/jobs/${role.id}`).expect(200)).body.id).toBe(role.id);
    log(`GET /api/v1/jobs/${role.id} → 200`);

    const applicant = {
      name: 'Ada Applicant',
      email: email('ada'),
      message: 'I wrote two schedulers and would love to work on Redox.',
      links: ['https://github.com/ada', 'https://ada.example.org'],
    };
    const pdf = smallPdf('Ada Applicant, kernel developer');
    const res = await apply(role.id, applicant, { bytes: pdf, filename: 'Ada CV.pdf' }).set('Accept-Language', 'de').expect(202);
    log(`POST /api/v1/roles/:id/applications (multipart, cv ${pdf.length} B PDF) → 202 {id}`);
    expect(Object.keys(res.body)).toEqual(['id']);
    const id: string = res.body.id;

    const [ack] = await outboxFor(t, applicant.email);
    expect(ack).toMatchObject({ template: 'role-application-received', locale: 'de', props: { name: 'Ada Applicant', roleTitle: role.title, cvReceived: true } });
    const token = tokenOf(ack.props.statusUrl);
    expect(new URL(String(ack.props.statusUrl)).pathname).toBe(`/jobs/status/${token}`);
    const status = async (expected: string) => {
      const s = await t.http.get(`/api/v1/role-applications/status/${token}`).expect(200);
      log(`GET /api/v1/role-applications/status/:token → ${s.body.status}`);
      expect(s.body).toMatchObject({ role: role.title, status: expected });
      expect(JSON.stringify(s.body)).not.toMatch(/cv|Ada Applicant|applicant\.test/i);
      return s.body;
    };
    expect((await status('received')).message).toBe('Wir haben Ihre Bewerbung erhalten.');

    const boardMail = await outboxFor(t, boardA.email, boardB.email);
    expect(boardMail.map((m) => [m.template, m.recipient]).sort()).toEqual(
      [
        ['role-application-board', boardA.email],
        ['role-application-board', boardB.email],
      ].sort(),
    );
    expect(boardMail[0].props).toMatchObject({
      applicantName: 'Ada Applicant',
      applicantEmail: applicant.email,
      hasCv: true,
      applicationUrl: `http://coffer.test/staff/hiring/${id}`,
    });
    expect(JSON.stringify(boardMail)).not.toContain(pdf.toString('base64').slice(0, 40));

    const got = await t.http.get(`/api/v1/role-applications/${id}`).set(boardA.auth).expect(200);
    log(`GET /api/v1/role-applications/:id (board) → 200`);
    expect(got.body).toMatchObject({ stage: 'received', hasCv: true, cvBytes: pdf.length, links: applicant.links, roleId: role.id });
    const cv = await t.http
      .get(`/api/v1/role-applications/${id}/cv`)
      .set(boardA.auth)
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c)).on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    log(`GET /api/v1/role-applications/:id/cv (board) → 200 application/pdf`);
    expect(cv.headers['content-type']).toBe('application/pdf');
    expect(cv.headers['content-disposition']).toBe('attachment; filename="Ada_CV.pdf"');
    expect(Buffer.compare(cv.body as Buffer, pdf)).toBe(0);

    await t.http.post(`/api/v1/role-applications/${id}/notes`).set(boardA.auth).send({ body: 'Strong scheduler work; invite.' }).expect(201);
    log(`POST /api/v1/role-applications/:id/notes → 201`);
    const move = async (stage: string, who = boardA, code = 200) => {
      const r = await t.http.post(`/api/v1/role-applications/${id}/stage`).set(who.auth).send({ stage }).expect(code);
      log(`POST /api/v1/role-applications/:id/stage {${stage}} → ${code}${r.body.code ? ` ${r.body.code}` : ''}`);
      return r.body;
    };
    await move('shortlisted');
    await status('in_progress');
    await move('interviewing');
    expect((await move('offered', boardA, 409)).code).toBe('application_offer_needs_vote');

    const vote = (who: User, decision: string) => t.http.post(`/api/v1/role-applications/${id}/votes`).set(who.auth).send({ decision, conflictOfInterest: false });
    const first = await vote(boardA, 'offer').expect(201);
    log(`POST /api/v1/role-applications/:id/votes (board A: offer) → 201 ${first.body.vote.outcome}`);
    expect(first.body.vote.outcome).toBe('pending');
    expect((await vote(boardA, 'offer').expect(409)).body.code).toBe('application_already_voted');
    const second = await vote(boardB, 'offer').expect(201);
    log(`POST /api/v1/role-applications/:id/votes (board B: offer) → 201 ${second.body.vote.outcome}`);
    expect(second.body.application).toMatchObject({ stage: 'offered', quorum: { configured: 2, applied: 2, reduced: false, reducedReason: null } });
    await status('offered');

    const hired = await move('hired');
    expect(hired.stage).toBe('hired');
    const after = (await t.http.get(`/api/v1/roles/${role.id}`).set(boardA.auth).expect(200)).body;
    log(`GET /api/v1/roles/:id → ${after.status}, holder ${after.holder.name}`);
    expect(after).toMatchObject({ status: 'active', holder: { name: 'Ada Applicant', email: applicant.email } });
    await status('hired');
    expect((await t.http.get(`/api/v1/jobs/${role.id}`).expect(404)).body.code).toBe('job_not_found');

    const sent: { template: string; recipient: string }[] = await db(t).query(
      `SELECT template, recipient FROM email_outbox WHERE created_at >= $1 ORDER BY created_at, recipient`,
      [start],
    );
    expect(sent.map((m) => `${m.template} → ${m.recipient}`).sort()).toEqual(
      [`role-application-received → ${applicant.email}`, `role-application-board → ${boardA.email}`, `role-application-board → ${boardB.email}`].sort(),
    );
    const audit = await db(t).query(`SELECT action FROM audit_log WHERE entity_id = ANY($1) ORDER BY seq`, [[id, role.id]]);
    expect(audit.map((a: { action: string }) => a.action)).toEqual(
      expect.arrayContaining(['role.create', 'role_application.note', 'role_application.stage', 'role_application.vote', 'role.status']),
    );
    process.stdout.write(`${requests.map((r) => `  ${r}`).join('\n')}\n`);
    process.stdout.write(
      `Hiring journey: ${requests.length} requests from posting to hired; emails: ${sent.length} (` +
        `role-application-received → applicant, role-application-board → ${sent.filter((m) => m.template === 'role-application-board').length} board members), no other\n`,
    );
  });

  describe('CV uploads', () => {
    let roleId: string;
    beforeAll(async () => {
      roleId = (await hiringRole()).id;
    });

    it.each([
      ['an ELF executable renamed cv.pdf', elfExecutable(), /ELF executable/],
      ['a Windows executable renamed cv.pdf', windowsExecutable(), /Windows executable/],
      ['text named cv.pdf', Buffer.from('Just text, honest'), /not a PDF/],
      ['a truncated PDF', smallPdf().subarray(0, 200), /incomplete or damaged/],
    ])('refuses %s with 400, writing and mailing nothing', async (_, bytes, message) => {
      const address = email('bad-cv');
      const res = await apply(roleId, { name: 'Eve', email: address, message: 'Hello' }, { bytes, filename: 'cv.pdf' }).expect(400);
      expect(res.body).toMatchObject({ code: 'cv_not_pdf', details: [expect.objectContaining({ field: 'cv', message: expect.stringMatching(message) })] });
      expect(await applicationsFor(address)).toHaveLength(0);
      expect(await outboxFor(t, address)).toHaveLength(0);
    });

    it('refuses a 6 MB file with 413 and accepts one just under 5 MB', async () => {
      const big = email('big-cv');
      const huge = smallPdf('Huge', 6 * 1024 * 1024);
      const res = await apply(roleId, { name: 'Big', email: big, message: 'Hello' }, { bytes: huge, filename: 'cv.pdf' }).expect(413);
      expect(res.body).toMatchObject({ statusCode: 413, code: 'cv_too_large' });
      expect(await applicationsFor(big)).toHaveLength(0);
      const fits = smallPdf('Fits', 5 * 1024 * 1024 - 4096);
      expect(fits.length).toBeLessThanOrEqual(5 * 1024 * 1024);
      await apply(roleId, { name: 'Fits', email: email('fits'), message: 'Hello' }, { bytes: fits, filename: 'cv.pdf' }).expect(202);
    });

    it('refuses a chunked upload (no Content-Length) once the CV passes 5 MB, with 413', async () => {
      const boundary = 'coffer-test-boundary';
      const address = email('chunked');
      const head = Buffer.from(
        [
          ['name', 'Chunky'],
          ['email', address],
          ['message', 'Hello'],
        ]
          .map(([k, v]) => `--${boundary}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
          .join('') + `--${boundary}\r\ncontent-disposition: form-data; name="cv"; filename="cv.pdf"\r\ncontent-type: application/pdf\r\n\r\n`,
      );
      const pdf = smallPdf('Chunky', 6 * 1024 * 1024);
      const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
      const chunks = [head, ...Array.from({ length: Math.ceil(pdf.length / 65536) }, (_, i) => pdf.subarray(i * 65536, (i + 1) * 65536)), tail];
      const res = await t.app
        .getHttpAdapter()
        .getInstance()
        .inject({
          method: 'POST',
          url: `/api/v1/roles/${roleId}/applications`,
          headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
          // A stream payload is sent without Content-Length: only the bytes read can tell the size.
          payload: Readable.from(chunks),
        });
      expect(res.statusCode).toBe(413);
      expect(res.json()).toMatchObject({ code: 'cv_too_large' });
      expect(await applicationsFor(address)).toHaveLength(0);
    });

    it('takes an application without a CV, as JSON too; the honeypot keeps nothing', async () => {
      const plain = email('json');
      const res = await t.http
        .post(`/api/v1/roles/${roleId}/applications`)
        .send({ name: 'Jay', email: plain, message: 'No CV, links instead', links: ['https://jay.example'] })
        .expect(202);
      expect((await t.http.get(`/api/v1/role-applications/${res.body.id}`).set(boardA.auth).expect(200)).body).toMatchObject({ hasCv: false, links: ['https://jay.example'] });
      expect((await t.http.get(`/api/v1/role-applications/${res.body.id}/cv`).set(boardA.auth).expect(404)).body.code).toBe('cv_not_found');
      const bot = email('bot');
      const trap = await apply(roleId, { name: 'Bot', email: bot, message: 'Buy now', website: 'http://spam.example' }, { bytes: smallPdf(), filename: 'cv.pdf' }).expect(202);
      expect(trap.body.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(await applicationsFor(bot)).toHaveLength(0);
      expect(await outboxFor(t, bot)).toHaveLength(0);
    });

    it.each([
      ['no email', { name: 'A', message: 'x' }, 'email'],
      ['a bad email', { name: 'A', email: 'nope', message: 'x' }, 'email'],
      ['an ftp link', { name: 'A', email: 'a@b.test', message: 'x', links: 'ftp://x.org/cv' }, 'links'],
      ['an unknown field', { name: 'A', email: 'a@b.test', message: 'x', salary: '1' }, 'salary'],
    ])('refuses %s with a 400 naming the field', async (_, fields, field) => {
      const res = await apply(roleId, fields as Record<string, string>).expect(400);
      expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    });

    it('replaces a posting with PATCH; a posting without a deadline stays open', async () => {
      const role = await hiringRole();
      const patched = await t.http
        .patch(`/api/v1/roles/${role.id}`)
        .set(treasurer.auth)
        .send({ posting: { description: 'New *text*', whatToSend: 'A CV' } })
        .expect(200);
      expect(patched.body.posting).toEqual({ description: 'New *text*', whatToSend: 'A CV', deadline: null });
      expect((await t.http.get(`/api/v1/jobs/${role.id}`).expect(200)).body).toMatchObject({ descriptionHtml: '<p>New <em>text</em></p>\n', deadline: null });
      await t.http
        .patch(`/api/v1/roles/${role.id}`)
        .set(boardA.auth)
        .send({ posting: { description: 'x', whatToSend: 'y' } })
        .expect(403);
    });

    it('takes applications only for roles being hired for, until the deadline', async () => {
      const planned = await hiringRole({ status: 'planned' });
      expect((await apply(planned.id, { name: 'A', email: email('p'), message: 'x' }).expect(404)).body.code).toBe('role_not_hiring');
      expect((await t.http.get(`/api/v1/jobs/${planned.id}`).expect(404)).body.code).toBe('job_not_found');
      const closed = await hiringRole({ posting: { ...POSTING, deadline: '2020-01-01' } });
      expect((await apply(closed.id, { name: 'A', email: email('c'), message: 'x' }).expect(409)).body.code).toBe('job_deadline_passed');
    });

    it('lets the board and admins read a CV, and nobody else', async () => {
      const res = await apply(roleId, { name: 'Cora', email: email('cora'), message: 'Hello' }, { bytes: smallPdf(), filename: 'cv.pdf' }).expect(202);
      const url = `/api/v1/role-applications/${res.body.id}/cv`;
      const outcomes: string[] = [];
      for (const [who, headers, expected] of [
        ['anonymous', {}, 401],
        ['treasurer', treasurer.auth, 403],
        ['board', boardA.auth, 200],
        ['admin', admin.auth, 200],
      ] as const) {
        await t.http.get(url).set(headers).expect(expected);
        outcomes.push(`${who} ${expected}`);
      }
      // No public answer carries the CV or its link.
      const publicJson = JSON.stringify([(await t.http.get('/api/v1/jobs').expect(200)).body, (await t.http.get(`/api/v1/jobs/${roleId}`).expect(200)).body]);
      expect(publicJson).not.toMatch(/\/cv|role-applications/);
      process.stdout.write(`CV access: ${outcomes.join(', ')}\n`);
    });

    it('erasure deletes the CV, anonymises the application, ends the status link and empties its emails', async () => {
      const address = email('erase');
      const res = await apply(roleId, { name: 'Erin Erasable', email: address, message: 'Please forget me later' }, { bytes: smallPdf(), filename: 'cv.pdf' }).expect(202);
      const id = res.body.id as string;
      const [ack] = await outboxFor(t, address);
      const token = tokenOf(ack.props.statusUrl);
      await t.http.post(`/api/v1/role-applications/${id}/notes`).set(boardA.auth).send({ body: 'Erin seems great' }).expect(201);
      await t.http.delete(`/api/v1/role-applications/${id}`).set(treasurer.auth).expect(403);
      const erased = await t.http.delete(`/api/v1/role-applications/${id}`).set(boardA.auth).expect(200);
      expect(erased.body).toMatchObject({ id, erasedAt: expect.any(String) });
      expect((await t.http.get(`/api/v1/role-applications/${id}/cv`).set(boardA.auth).expect(404)).body.code).toBe('cv_not_found');
      expect(await db(t).query(`SELECT 1 FROM role_application_cvs WHERE application_id = $1`, [id])).toHaveLength(0);
      const row = (await t.http.get(`/api/v1/role-applications/${id}`).set(boardA.auth).expect(200)).body;
      expect(row).toMatchObject({ name: 'erased', email: null, message: '', links: [], hasCv: false, notes: [expect.objectContaining({ body: '[erased]' })] });
      await t.http.get(`/api/v1/role-applications/status/${token}`).expect(404);
      const traces = await db(t).query(`SELECT recipient, props::text FROM email_outbox WHERE props::text LIKE '%Erin%' OR recipient = $1`, [address]);
      expect(traces).toEqual([]);
      expect((await t.http.post(`/api/v1/role-applications/${id}/stage`).set(boardA.auth).send({ stage: 'shortlisted' }).expect(409)).body.code).toBe('role_application_erased');
    });
  });

  describe('small boards: quorum reduced by recusals', () => {
    it('two members, one declares a conflict: the other decides alone, and the decision says why', async () => {
      const role = await hiringRole();
      const res = await apply(role.id, { name: 'Sam Small', email: email('sam'), message: 'Hello' }).expect(202);
      const id = res.body.id as string;
      for (const stage of ['shortlisted', 'interviewing']) await t.http.post(`/api/v1/role-applications/${id}/stage`).set(boardA.auth).send({ stage }).expect(200);
      const recused = await t.http.post(`/api/v1/role-applications/${id}/votes`).set(boardA.auth).send({ decision: 'offer', conflictOfInterest: true }).expect(201);
      expect(recused.body.vote).toMatchObject({ decision: 'recused', recusalReason: 'conflict_of_interest', outcome: 'pending' });
      const decided = await t.http.post(`/api/v1/role-applications/${id}/votes`).set(boardB.auth).send({ decision: 'offer', conflictOfInterest: false }).expect(201);
      expect(decided.body.application).toMatchObject({
        stage: 'offered',
        quorum: { configured: 2, applied: 1, reduced: true, reducedReason: expect.stringContaining('1 declared a conflict of interest') },
      });
      process.stdout.write(`Small board: ${decided.body.application.quorum.reducedReason}\n`);
    });

    it('a board member who applies is recused without voting; the other member decides', async () => {
      const role = await hiringRole();
      const res = await apply(role.id, { name: 'Board Member B', email: boardB.email, message: 'I would like this job' }).expect(202);
      const id = res.body.id as string;
      for (const stage of ['shortlisted', 'interviewing']) await t.http.post(`/api/v1/role-applications/${id}/stage`).set(boardA.auth).send({ stage }).expect(200);
      const own = await t.http.post(`/api/v1/role-applications/${id}/votes`).set(boardB.auth).send({ decision: 'offer', conflictOfInterest: false }).expect(201);
      expect(own.body.vote).toMatchObject({ decision: 'recused', recusalReason: 'applicant', outcome: 'pending' });
      const decided = await t.http
        .post(`/api/v1/role-applications/${id}/votes`)
        .set(boardA.auth)
        .send({ decision: 'decline', conflictOfInterest: false, comment: 'Not now' })
        .expect(201);
      expect(decided.body.application).toMatchObject({ stage: 'declined', quorum: { applied: 1, reduced: true, reducedReason: expect.stringContaining('1 is the applicant') } });
    });
  });
});
