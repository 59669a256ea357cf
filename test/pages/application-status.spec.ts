import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { interestBody, outboxFor, tokenOf, uniqueEmail } from '../grants/helpers.js';
import { smallPdf } from '../setup/pdf.js';
import { createTestApp, TestApp } from '../setup/test-app.js';

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

/** `/jobs/status/:token`: the job applicant's status page, on the service the API's status link calls. */
describe('public pages: a job application’s status link', () => {
  let t: TestApp;
  let db: DataSource;
  let roleTitle: string;
  let applicationId: string;
  let token: string;
  let statusPath: string;

  /** The `<main>` of a page: what the visitor reads, without the layout. */
  const mainOf = (html: string) => /<main[^>]*>([\s\S]*)<\/main>/.exec(html)?.[1] ?? '';

  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_RATE_LIMIT_PER_MINUTE: '1000' });
    db = t.app.get(DataSource);
    const treasurer = await t.userWith('treasurer');
    const role = await t.http
      .post('/api/v1/roles')
      .set(treasurer.auth)
      .send({
        title: `Filesystem developer ${randomUUID().slice(0, 6)}`,
        kind: 'contractor',
        fund: 'general',
        currency: 'EUR',
        monthlyCost: 250_000,
        startsOn: '2027-05-01',
        status: 'hiring',
        public: true,
        posting: { description: 'RedoxFS and its tools.', whatToSend: 'A CV as a PDF' },
      })
      .expect(201);
    roleTitle = role.body.title;
    const address = uniqueEmail('status');
    const res = await t.http
      .post(`/api/v1/roles/${role.body.id}/applications`)
      .set('Accept-Language', 'de')
      .field('name', 'Sofia Status')
      .field('email', address)
      .field('message', 'I maintain a copy-on-write filesystem.')
      .attach('cv', smallPdf('Sofia Status'), { filename: 'cv.pdf', contentType: 'application/pdf' })
      .expect(202);
    applicationId = res.body.id;
    const [ack] = await outboxFor(t, address);
    expect(ack.template).toBe('role-application-received');
    token = tokenOf(ack.props.statusUrl);
    statusPath = new URL(String(ack.props.statusUrl)).pathname;
  });
  afterAll(() => t.close());

  it('the acknowledgement links to the page, not to the JSON', () => {
    expect(statusPath).toBe(`/jobs/status/${token}`);
  });

  it('shows the role, the date, the status in the API’s words and what happens next, in English and German; private', async () => {
    const en = await t.http.get(statusPath).set('Accept-Language', 'en').expect(200);
    expect(en.headers['content-type']).toContain('text/html');
    expect(en.headers['cache-control']).toBe('no-store');
    expect(en.headers['referrer-policy']).toBe('no-referrer');
    expect(en.headers['x-robots-tag']).toBe('noindex, nofollow');
    expect(en.text).toContain('<title>Your application – Coffer</title>');
    const main = mainOf(en.text);
    expect(main).toContain(roleTitle);
    expect(main).toContain('We have received your application.');
    expect(main).toContain('The board reads every application.');
    expect(main).toMatch(/Applied on<\/dt><dd>[A-Z][a-z]+ \d{1,2}, \d{4}</);
    expect(main).not.toContain('Last change');
    expect(main).not.toMatch(/Sofia|applicant\.test|cv\.pdf/);

    const de = await t.http.get(`${statusPath}?lang=de`).expect(200);
    expect(de.headers['content-language']).toBe('de');
    const deMain = mainOf(de.text);
    expect(de.text).toContain('<title>Ihre Bewerbung – Coffer</title>');
    expect(deMain).toContain(roleTitle);
    expect(deMain).toContain('Wir haben Ihre Bewerbung erhalten.');
    expect(deMain).toContain('Wie es weitergeht');
    expect(deMain).toMatch(/Beworben am<\/dt><dd>\d{1,2}\. [A-ZÄÖÜa-zäöü]+ \d{4}</);
  });

  it('follows the board’s stage as the API shows it: a shortlist reads “in progress”, with the date it changed', async () => {
    const board = await t.userWith('board');
    await t.http.post(`/api/v1/role-applications/${applicationId}/stage`).set(board.auth).send({ stage: 'shortlisted' }).expect(200);
    await db.query(`UPDATE role_applications SET updated_at = created_at + interval '2 days' WHERE id = $1`, [applicationId]);
    const api = await t.http.get(`/api/v1/role-applications/status/${token}`).expect(200);
    expect(api.body.status).toBe('in_progress');
    const en = mainOf((await t.http.get(statusPath).set('Accept-Language', 'en').expect(200)).text);
    expect(en).toContain('The board is considering your application.');
    expect(en).toContain('may invite you to an interview');
    expect(en).toContain('Last change');
    expect(en).not.toMatch(/shortlist/i);
    const de = mainOf((await t.http.get(statusPath).set('Accept-Language', 'de').expect(200)).text);
    expect(de).toContain(api.body.message);
    expect(de).toContain('Letzte Änderung');
  });

  it('an unknown, malformed or revoked link answers the 404 page', async () => {
    for (const path of [`/jobs/status/${'A'.repeat(43)}`, '/jobs/status/not-a-token']) {
      const res = await t.http.get(path).set('Accept-Language', 'en').expect(404);
      expect(res.headers['content-type']).toContain('text/html');
      expect(mainOf(res.text)).toContain('Page not found');
    }
    const address = uniqueEmail('revoked');
    const roleId = (await db.query(`SELECT id FROM roles WHERE title = $1`, [roleTitle]))[0].id;
    const res = await t.http.post(`/api/v1/roles/${roleId}/applications`).field('name', 'Rita Revoked').field('email', address).field('message', 'Revoke me').expect(202);
    const revoked = tokenOf((await outboxFor(t, address))[0].props.statusUrl);
    await t.http.get(`/jobs/status/${revoked}`).expect(200);
    await db.query(`UPDATE access_tokens SET revoked_at = now() WHERE subject_id = $1`, [res.body.id]);
    const page = await t.http.get(`/jobs/status/${revoked}`).set('Accept-Language', 'en').expect(404);
    expect(mainOf(page.text)).toContain('Page not found');
    expect(mainOf(page.text)).not.toContain(roleTitle);
  });

  it('an expired link answers the same page as an expired interest status link', async () => {
    const interestEmail = uniqueEmail('expired');
    await t.http
      .post('/api/v1/interest')
      .send(interestBody({ email: interestEmail }))
      .expect(202);
    const interestToken = tokenOf((await outboxFor(t, interestEmail))[0].props.statusUrl);
    const address = uniqueEmail('expired-job');
    const roleId = (await db.query(`SELECT id FROM roles WHERE title = $1`, [roleTitle]))[0].id;
    const res = await t.http.post(`/api/v1/roles/${roleId}/applications`).field('name', 'Eve Expired').field('email', address).field('message', 'Too late').expect(202);
    const jobToken = tokenOf((await outboxFor(t, address))[0].props.statusUrl);
    await db.query(`UPDATE access_tokens SET expires_at = now() - interval '1 second' WHERE subject_id = ANY($1)`, [
      [res.body.id, (await db.query(`SELECT id FROM interests WHERE email = $1`, [interestEmail]))[0].id],
    ]);
    const job = await t.http.get(`/jobs/status/${jobToken}`).set('Accept-Language', 'de');
    const interest = await t.http.get(`/status/${interestToken}`).set('Accept-Language', 'de');
    expect(job.status).toBe(interest.status);
    expect(job.status).toBe(401);
    expect(mainOf(job.text)).toBe(mainOf(interest.text));
    expect(job.headers['cache-control']).toBe('no-store');
  });

  it('the old address keeps answering JSON to scripts and sends a browser on to the page (303)', async () => {
    const json = await t.http.get(`/api/v1/role-applications/status/${token}`).set('Accept', 'application/json').expect(200);
    expect(json.headers['content-type']).toContain('application/json');
    expect(json.body).toMatchObject({ role: roleTitle, status: 'in_progress' });
    const plain = await t.http.get(`/api/v1/role-applications/status/${token}`).expect(200);
    expect(plain.body.role).toBe(roleTitle);

    const browser = await t.http.get(`/api/v1/role-applications/status/${token}`).set('Accept', BROWSER_ACCEPT).expect(303);
    expect(browser.headers.location).toBe(`/jobs/status/${token}`);
    expect(browser.headers['cache-control']).toBe('no-store');
    const page = await t.http.get(browser.headers.location).set('Accept', BROWSER_ACCEPT).set('Accept-Language', 'en').expect(200);
    expect(mainOf(page.text)).toContain(roleTitle);

    await t.http.get(`/api/v1/role-applications/status/${'A'.repeat(43)}`).expect(404);
    const bad = await t.http
      .get(`/api/v1/role-applications/status/${'A'.repeat(43)}`)
      .set('Accept', BROWSER_ACCEPT)
      .expect(303);
    await t.http.get(bad.headers.location).set('Accept', BROWSER_ACCEPT).expect(404);
  });
});
