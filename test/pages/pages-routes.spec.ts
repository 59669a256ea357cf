import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { StripeFake } from '../fakes/stripe-fake.js';
import { activeGrant, outboxFor, uniqueEmail } from '../grants/helpers.js';
import { createTestApp, TestApp } from '../setup/test-app.js';

const form = (fields: Record<string, string | string[]>) => {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(key, v);
  return body.toString();
};
const URLENCODED = 'application/x-www-form-urlencoded';
const pathOf = (url: unknown) => new URL(String(url)).pathname;

describe('public pages: routes, languages, forms and bad input', () => {
  let t: TestApp;
  let fake: StripeFake;
  let db: DataSource;
  beforeAll(async () => {
    fake = await StripeFake.start();
    t = await createTestApp({ STRIPE_SECRET_KEY: 'sk_test_pages', STRIPE_API_BASE: fake.url, PUBLIC_RATE_LIMIT_PER_MINUTE: '1000' });
    db = t.app.get(DataSource);
  });
  afterAll(async () => {
    await t.close();
    await fake.stop();
  });

  it('serves the summary in the negotiated language with the pages CSP and a cacheable stylesheet', async () => {
    const en = await t.http.get('/').expect(200);
    expect(en.headers['content-type']).toMatch(/^text\/html/);
    expect(en.text).toContain('<html lang="en">');
    const csp = en.headers['content-security-policy'];
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(en.text).not.toMatch(/<script/i);
    const css = /<link rel="stylesheet" href="(\/assets\/site\.[0-9a-f]{12}\.css)">/.exec(en.text)![1];
    const sheet = await t.http.get(css).expect(200);
    expect(sheet.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(sheet.headers['content-type']).toMatch(/^text\/css/);
    await t.http.get('/assets/site.000000000000.css').expect(404);

    const de = await t.http.get('/').set('Accept-Language', 'de-DE,de;q=0.9').expect(200);
    expect(de.text).toContain('<html lang="de">');
    // ?lang wins over Accept-Language and is remembered in a cookie.
    const chosen = await t.http.get('/?lang=en').set('Accept-Language', 'de').expect(200);
    expect(chosen.text).toContain('<html lang="en">');
    const cookie = chosen.headers['set-cookie'][0].split(';')[0];
    expect(cookie).toBe('coffer_lang=en');
    const remembered = await t.http.get('/donate').set('Accept-Language', 'de').set('Cookie', cookie).expect(200);
    expect(remembered.text).toContain('<html lang="en">');
  });

  it('answers a bad or unknown token with the 404 page, never JSON or a 500', async () => {
    for (const path of ['/status/not-a-token', '/grantee/not-a-token', '/unsubscribe/not-a-token', '/jobs/anything', `/status/${'A'.repeat(43)}`]) {
      const res = await t.http.get(path).set('Accept-Language', 'de').expect(404);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).toContain('Seite nicht gefunden');
    }
    await t.http
      .post('/grantee/not-a-token/milestones/00000000-0000-4000-8000-000000000000')
      .type(URLENCODED)
      .send(form({ evidence: 'https://example.org/x' }))
      .expect(404);
    await t.http
      .post('/grantee/not-a-token/milestones/not-a-uuid')
      .type(URLENCODED)
      .send(form({ evidence: 'https://example.org/x' }))
      .expect(400);
  });

  it('refuses a bad interest form with 400, a linked error summary and what was typed; writes nothing', async () => {
    const before = await db.query(`SELECT count(*)::int AS n FROM interests`);
    const res = await t.http
      .post('/interest')
      .type(URLENCODED)
      .send(form({ name: 'Ada <b>Lovelace</b>', email: 'not-an-email', summary: '', links: 'ftp://example.org/cv', budgetAmount: 'about 12k', budgetCurrency: 'EUR' }))
      .expect(400);
    expect(res.text).toContain('<title>Error: Propose work for a grant – Coffer</title>');
    for (const href of ['#f-email', '#f-areas-0', '#f-summary', '#f-links', '#f-budgetAmount', '#f-consent']) expect(res.text).toContain(`<a href="${href}">`);
    expect(res.text).not.toContain('<a href="#f-name">');
    // Typed values come back escaped.
    expect(res.text).toContain('value="Ada &lt;b&gt;Lovelace&lt;/b&gt;"');
    expect(res.text).toContain('value="not-an-email"');
    expect(res.text).toContain('aria-describedby="f-email-hint f-email-error"');
    expect(await db.query(`SELECT count(*)::int AS n FROM interests`)).toEqual(before);
  });

  it('gives a multi-line text back exactly as typed (an indented partial must not indent its lines)', async () => {
    const summary = 'First line of the idea.\nSecond line.\n\n- a list item';
    const res = await t.http
      .post('/interest')
      .type(URLENCODED)
      .send(form({ name: 'Ada', email: 'not-an-email', summary }))
      .expect(400);
    const kept = /<textarea[^>]*id="f-summary"[^>]*>([^<]*)<\/textarea>/.exec(res.text)?.[1];
    expect(kept).toBe(summary);
  });

  it('refuses exactly what the API refuses (the same DTO): an unknown area, a too long name', async () => {
    const base = { name: 'Ada', email: uniqueEmail('same'), areas: 'no-such-area', summary: 'An idea', consent: 'yes' };
    const page = await t.http.post('/interest').type(URLENCODED).send(form(base)).expect(400);
    expect(page.text).toContain('Choose from the list of priority areas');
    await t.http
      .post('/api/v1/interest')
      .send({ ...base, areas: ['no-such-area'], consent: true })
      .expect(400);
    const long = { ...base, areas: 'unix-signals', name: 'x'.repeat(201) };
    const tooLong = await t.http.post('/interest').type(URLENCODED).send(form(long)).expect(400);
    expect(tooLong.text).toContain('The name is too long');
    await t.http
      .post('/api/v1/interest')
      .send({ ...long, areas: ['unix-signals'], consent: true })
      .expect(400);
  });

  it('takes a good interest form: 303 to thanks, the email links to the status page, which shows the status', async () => {
    const email = uniqueEmail('page');
    const res = await t.http
      .post('/interest?lang=de')
      .type(URLENCODED)
      .send(
        form({
          name: 'Ada',
          email,
          areas: ['unix-signals', 'usb'],
          summary: 'Signals',
          links: 'https://ada.example.org\n\nhttps://git.example.org/ada',
          budgetAmount: '25.000,50',
          budgetCurrency: 'EUR',
          consent: 'yes',
          website: '',
        }),
      )
      .expect(303);
    expect(res.headers.location).toBe('/interest/thanks');
    const [row] = await db.query(`SELECT locale, links, expected_budget_amount AS budget FROM interests WHERE email = $1`, [email]);
    expect(row).toEqual({ locale: 'de', links: ['https://ada.example.org', 'https://git.example.org/ada'], budget: '2500050' });
    const [mail] = await outboxFor(t, email);
    expect(pathOf(mail.props.statusUrl)).toMatch(/^\/status\/[A-Za-z0-9_-]{43}$/);
    const status = await t.http.get(pathOf(mail.props.statusUrl)).set('Cookie', 'coffer_lang=de').expect(200);
    expect(status.headers['cache-control']).toBe('no-store');
    expect(status.text).toContain('Eingegangen');
    expect(status.text).toContain('USB');
  });

  it('the honeypot answers like a success and keeps nothing', async () => {
    const email = uniqueEmail('bot');
    await t.http
      .post('/interest')
      .type(URLENCODED)
      .send(form({ name: 'Bot', email, areas: 'usb', summary: 'spam', consent: 'yes', website: 'http://spam.example' }))
      .expect(303);
    expect(await db.query(`SELECT id FROM interests WHERE email = $1`, [email])).toEqual([]);
  });

  it('grantee evidence: a plain-http link is refused next to its milestone; https links submit it', async () => {
    const admin = await t.userWith('admin');
    const grant = await activeGrant(t, admin.auth);
    const page = await t.http.get(`/grantee/${grant.token}`).expect(200);
    expect(page.text).toContain('Milestone 1: Signal delivery in the kernel');
    expect(page.text).toContain('€15,000.00');
    expect(page.text).toContain('March 31, 2027');
    const action = `/grantee/${grant.token}/milestones/${grant.milestoneIds[0]}`;
    const bad = await t.http
      .post(action)
      .type(URLENCODED)
      .send(form({ evidence: 'http://example.org/mr/1', note: 'done' }))
      .expect(400);
    expect(bad.text).toContain('<a href="#f-evidence-1">');
    expect(bad.text).toContain('http://example.org/mr/1</textarea>');
    const ok = await t.http
      .post(action)
      .type(URLENCODED)
      .send(form({ evidence: 'https://example.org/mr/1\nhttps://example.org/report', note: 'done' }))
      .expect(303);
    expect(ok.headers.location).toBe(`/grantee/${grant.token}?submitted=${grant.milestoneIds[0]}#milestone-1`);
    const [ms] = await db.query(`SELECT status, evidence FROM milestones WHERE id = $1`, [grant.milestoneIds[0]]);
    expect(ms).toEqual({ status: 'submitted', evidence: ['https://example.org/mr/1', 'https://example.org/report'] });
    const after = await t.http.get(ok.headers.location.split('#')[0]).expect(200);
    expect(after.text).toContain('milestone 1 has been submitted');
    // The same link cannot submit it twice.
    await t.http
      .post(action)
      .type(URLENCODED)
      .send(form({ evidence: 'https://example.org/mr/1' }))
      .expect(409);
  });

  it('donate: no amount is a 400 with the form kept; a good form answers 303 to Stripe Checkout', async () => {
    const bad = await t.http
      .post('/donate')
      .type(URLENCODED)
      .send(form({ interval: 'month', fund: 'rsoc', currency: 'EUR', email: 'donor@example.org' }))
      .expect(400);
    expect(bad.text).toContain('<a href="#f-amount-0">Choose an amount or enter your own</a>');
    expect(bad.text).toContain('value="donor@example.org"');
    const typo = await t.http
      .post('/donate?lang=de')
      .type(URLENCODED)
      .send(form({ otherAmount: 'zehn', interval: 'once', fund: 'general', currency: 'EUR' }))
      .expect(400);
    expect(typo.text).toContain('<a href="#f-otherAmount">');
    const unknownFund = await t.http
      .post('/donate')
      .type(URLENCODED)
      .send(form({ amount: '2500', interval: 'once', fund: 'nope', currency: 'EUR' }))
      .expect(400);
    expect(unknownFund.text).toContain('Choose a fund from the list');

    const ok = await t.http
      .post('/donate')
      .set('Cookie', 'coffer_lang=de')
      .type(URLENCODED)
      .send(form({ amount: '2500', otherAmount: '15,50', interval: 'month', fund: 'rsoc', currency: 'EUR', email: 'donor@example.org' }))
      .expect(303);
    expect(ok.headers.location).toMatch(/^https:\/\/checkout\.stripe\.com\/c\/pay\/cs_/);
    const session = [...fake.objects.values()].find((o) => o.url === ok.headers.location)!;
    expect(session._form).toMatchObject({ mode: 'subscription', 'metadata[fund]': 'rsoc', 'metadata[locale]': 'de', 'line_items[0][price_data][unit_amount]': '1550' });
    expect(session._form.success_url).toBe('http://coffer.test/donate/thanks?session={CHECKOUT_SESSION_ID}');
    expect(session._form.cancel_url).toBe('http://coffer.test/donate/cancelled');
    for (const path of ['/donate/thanks?session=cs_x', '/donate/cancelled']) await t.http.get(path).expect(200);
  });

  it('jobs: the hiring postings, and 404 for a role that is not one', async () => {
    const treasurer = await t.userWith('treasurer');
    const title = `Kernel developer ${randomUUID().slice(0, 6)}`;
    const role = await t.http
      .post('/api/v1/roles')
      .set(treasurer.auth)
      .send({
        title,
        kind: 'staff',
        fund: 'general',
        currency: 'EUR',
        monthlyCost: 350_000,
        startsOn: '2027-03-01',
        status: 'hiring',
        public: true,
        posting: { description: '## The work\n\nThe scheduler, ring buffers and drivers of a microkernel written in Rust.', whatToSend: 'A short letter and a CV' },
      })
      .expect(201);
    const list = await t.http.get('/jobs').expect(200);
    expect(list.text).toContain(title);
    expect(list.text).toContain('The scheduler, ring buffers and drivers of a microkernel written in Rust.');
    await t.http.get(`/jobs/${role.body.id}`).expect(200);
    await t.http.get(`/jobs/${randomUUID()}`).expect(404);
  });

  it('keeps Handlebars triple braces to the one reviewed place (the layout body)', () => {
    const root = join(process.cwd(), 'templates', 'pages');
    const files = [...readdirSync(root).filter((f) => f.endsWith('.hbs')), ...readdirSync(join(root, 'partials')).map((f) => `partials/${f}`)];
    const triple = files.flatMap((f) => (readFileSync(join(root, f), 'utf8').match(/\{\{\{[^}]*\}\}\}/g) ?? []).map((m) => `${f}: ${m}`));
    expect(triple).toEqual(['layout.hbs: {{{body}}}']);
  });
});
