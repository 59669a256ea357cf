import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { outboxFor } from '../grants/helpers.js';
import { elfExecutable, smallPdf } from '../setup/pdf.js';
import { createTestApp, TestApp } from '../setup/test-app.js';

/** `/jobs/:id/apply`: the application form of an open position, on the API's reader, DTO, PDF check and service. */
describe('public pages: applying for an open position', () => {
  let t: TestApp;
  let db: DataSource;
  let roleId: string;
  let roleTitle: string;

  const hiringRole = async (overrides: Record<string, unknown> = {}) => {
    const treasurer = await t.userWith('treasurer');
    const res = await t.http
      .post('/api/v1/roles')
      .set(treasurer.auth)
      .send({
        title: `Driver developer ${randomUUID().slice(0, 6)}`,
        kind: 'contractor',
        fund: 'general',
        currency: 'EUR',
        monthlyCost: 300_000,
        startsOn: '2027-04-01',
        status: 'hiring',
        public: true,
        posting: { description: '## The work\n\nUser-space drivers for a microkernel written in Rust, and their tests.', whatToSend: 'A CV as a PDF and links to your code' },
        ...overrides,
      })
      .expect(201);
    return res.body as { id: string; title: string };
  };
  const email = (label: string) => `${label}-${randomUUID().slice(0, 8)}@applicant.test`;
  /** The browser's multipart form: text fields, the links textarea as one field, the file input (empty when none chosen). */
  const submit = (id: string, fields: Record<string, string>, cv?: { bytes: Buffer; filename: string; contentType?: string }, lang = 'en') => {
    let req = t.http.post(`/jobs/${id}/apply`).set('Cookie', `coffer_lang=${lang}`);
    for (const [name, value] of Object.entries(fields)) req = req.field(name, value);
    return cv
      ? req.attach('cv', cv.bytes, { filename: cv.filename, contentType: cv.contentType ?? 'application/pdf' })
      : req.attach('cv', Buffer.alloc(0), { filename: '', contentType: 'application/octet-stream' });
  };
  const rowsFor = (address: string) =>
    db.query(
      `SELECT a.id, a.name, a.message, a.links, a.locale, c.filename, length(c.content)::int AS bytes FROM role_applications a LEFT JOIN role_application_cvs c ON c.application_id = a.id WHERE a.email = $1`,
      [address],
    );
  const count = async () => (await db.query(`SELECT (SELECT count(*) FROM role_applications)::int AS apps, (SELECT count(*) FROM role_application_cvs)::int AS cvs`))[0];

  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_RATE_LIMIT_PER_MINUTE: '1000' });
    db = t.app.get(DataSource);
    ({ id: roleId, title: roleTitle } = await hiringRole());
  });
  afterAll(() => t.close());

  it('the posting links to its form: a multipart form with labelled fields, required marked in words, the posting’s wishes', async () => {
    const job = await t.http.get(`/jobs/${roleId}`).expect(200);
    expect(job.text).toContain(`href="/jobs/${roleId}/apply"`);
    const res = await t.http.get(`/jobs/${roleId}/apply`).set('Accept-Language', 'de').expect(200);
    expect(res.text).toContain(`<title>Bewerbung: ${roleTitle} – Coffer</title>`);
    expect(res.text).toContain(`action="/jobs/${roleId}/apply" enctype="multipart/form-data"`);
    for (const id of ['f-name', 'f-email', 'f-message', 'f-links', 'f-cv']) expect(res.text).toContain(`for="${id}"`);
    expect(res.text).toContain('<input class="file-input" id="f-cv" name="cv" type="file" accept="application/pdf,.pdf"');
    expect(res.text).toContain('Ihr Name <span class="req">(Pflichtfeld)</span>');
    expect(res.text).toContain('Lebenslauf <span class="req">(optional)</span>');
    expect(res.text).toContain('A CV as a PDF and links to your code');
    expect(res.text).toContain('name="website"');
  });

  it('applies with a real PDF: 303 to the thank-you page; the application, its CV and the acknowledgement exist', async () => {
    const address = email('page');
    const res = await submit(
      roleId,
      { name: 'Ada Lovelace', email: address, message: 'I wrote drivers for two hobby kernels.', links: 'https://ada.example.org\n\nhttps://git.example.org/ada', website: '' },
      { bytes: smallPdf('Ada Lovelace'), filename: 'Ada CV.pdf' },
      'de',
    ).expect(303);
    expect(res.headers.location).toBe(`/jobs/${roleId}/applied`);
    const [row] = await rowsFor(address);
    expect(row).toMatchObject({
      name: 'Ada Lovelace',
      message: 'I wrote drivers for two hobby kernels.',
      links: ['https://ada.example.org', 'https://git.example.org/ada'],
      locale: 'de',
      filename: 'Ada CV.pdf',
    });
    expect(row.bytes).toBe(smallPdf('Ada Lovelace').length);
    const [mail] = await outboxFor(t, address);
    expect(mail).toMatchObject({ template: 'role-application-received', locale: 'de', props: { roleTitle, cvReceived: true } });
    expect(String(mail.props.statusUrl)).toMatch(/\/jobs\/status\/[A-Za-z0-9_-]{43}$/);

    const thanks = await t.http.get(res.headers.location).set('Cookie', 'coffer_lang=de').expect(200);
    expect(thanks.text).toContain('Danke: Ihre Bewerbung ist eingegangen');
    expect(thanks.text).toContain(`Ihre Bewerbung für „${roleTitle}“ ist bei uns angekommen.`);
    expect(thanks.text).toContain('Wie es weitergeht');
    expect(thanks.text).toContain('Eingangsbestätigung per E-Mail');
  });

  it('takes an application without a CV (the file input left empty), as the API does', async () => {
    const address = email('no-cv');
    await submit(roleId, { name: 'Jay', email: address, message: 'Links instead of a CV.', links: 'https://jay.example' }).expect(303);
    const [row] = await rowsFor(address);
    expect(row).toMatchObject({ name: 'Jay', links: ['https://jay.example'], filename: null });
    const [mail] = await outboxFor(t, address);
    expect(mail.props.cvReceived).toBe(false);
  });

  it('bad input: 400 with a linked summary, messages at the fields, the typed text kept, the file to choose again; nothing written', async () => {
    const before = await count();
    const address = email('bad');
    const res = await submit(
      roleId,
      { name: 'Ada <b>Lovelace</b>', email: 'not-an-email', message: '', links: 'ftp://example.org/cv' },
      { bytes: smallPdf('Ada'), filename: 'cv.pdf' },
    ).expect(400);
    expect(res.text).toContain(`<title>Error: Apply: ${roleTitle} – Coffer</title>`);
    // The summary in page order, each problem linked to its field, and the message at the field.
    const summary = /<div class="error-summary"[\s\S]*?<\/div>/.exec(res.text)![0];
    expect([...summary.matchAll(/<a href="(#f-[a-z]+)">/g)].map((m) => m[1])).toEqual(['#f-email', '#f-message', '#f-links']);
    expect(summary).toContain('Enter an email address in the correct format');
    expect(summary).toContain('Enter your motivation');
    expect(summary).toContain('Each line must be a full web address');
    expect(summary).toContain('choose the file again');
    expect(res.text).toContain('<p class="field-error" id="f-message-error">');
    expect(res.text).toContain('aria-describedby="f-email-hint f-email-error"');
    expect(res.text).toContain('id="f-cv-again"');
    // What was typed comes back, escaped.
    expect(res.text).toContain('value="Ada &lt;b&gt;Lovelace&lt;/b&gt;"');
    expect(res.text).toContain('value="not-an-email"');
    expect(res.text).toContain('>ftp://example.org/cv</textarea>');
    expect(await count()).toEqual(before);
    expect(await outboxFor(t, address)).toEqual([]);
  });

  it('refuses what the API refuses: a renamed executable as the CV (400, by its bytes), a too long name', async () => {
    const before = await count();
    const address = email('elf');
    const page = await submit(roleId, { name: 'Eve', email: address, message: 'Hello' }, { bytes: elfExecutable(), filename: 'cv.pdf' }, 'de').expect(400);
    expect(page.text).toContain('<a href="#f-cv">Der Lebenslauf muss eine PDF-Datei sein');
    expect(page.text).toContain('value="Eve"');
    const api = await t.http
      .post(`/api/v1/roles/${roleId}/applications`)
      .field('name', 'Eve')
      .field('email', address)
      .field('message', 'Hello')
      .attach('cv', elfExecutable(), { filename: 'cv.pdf', contentType: 'application/pdf' })
      .expect(400);
    expect(api.body.code).toBe('cv_not_pdf');

    const long = await submit(roleId, { name: 'x'.repeat(201), email: address, message: 'Hello' }).expect(400);
    expect(long.text).toContain('The name is too long');
    await t.http
      .post(`/api/v1/roles/${roleId}/applications`)
      .send({ name: 'x'.repeat(201), email: address, message: 'Hello' })
      .expect(400);
    expect(await count()).toEqual(before);
  });

  it('an oversize CV is the 413 page, as the API answers 413; nothing written', async () => {
    const before = await count();
    const address = email('huge');
    const res = await submit(roleId, { name: 'Big', email: address, message: 'Hello' }, { bytes: smallPdf('Huge', 6 * 1024 * 1024), filename: 'cv.pdf' }, 'de').expect(413);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('Die Datei ist zu groß');
    expect(res.text).toContain('höchstens 5 MB');
    expect(await count()).toEqual(before);
    expect(await outboxFor(t, address)).toEqual([]);
  });

  it('the honeypot answers like a success and keeps nothing', async () => {
    const before = await count();
    const address = email('bot');
    const res = await submit(roleId, { name: 'Bot', email: address, message: 'Buy now', website: 'https://spam.example' }).expect(303);
    expect(res.headers.location).toBe(`/jobs/${roleId}/applied`);
    expect(await count()).toEqual(before);
    expect(await outboxFor(t, address)).toEqual([]);
  });

  it('a closed, unknown or malformed position is the 404 page, for the form and for a submission; nothing written', async () => {
    // Its deadline passed (the API refuses to set a past one: time moved on).
    const closed = await hiringRole();
    await db.query(`UPDATE roles SET posting_deadline = '2020-01-31' WHERE id = $1`, [closed.id]);
    const planned = await hiringRole({ status: 'planned' });
    const before = await count();
    for (const id of [closed.id, planned.id, randomUUID(), 'not-a-role']) {
      const form = await t.http.get(`/jobs/${id}/apply`).set('Accept-Language', 'de').expect(404);
      expect(form.text).toContain('Seite nicht gefunden');
      const post = await submit(id, { name: 'Late', email: email('late'), message: 'Hello' }, { bytes: smallPdf('Late'), filename: 'cv.pdf' }).expect(404);
      expect(post.headers['content-type']).toMatch(/^text\/html/);
    }
    expect(await count()).toEqual(before);
  });
});
