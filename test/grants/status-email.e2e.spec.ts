import { EmailTemplate, type Locale } from '../../src/email/email-template.js';
import { TemplateRenderer } from '../../src/email/template-renderer.js';
import { createTestApp, TestApp } from '../setup/test-app.js';
import { grantBody, interestBody, outboxFor, uniqueEmail } from './helpers.js';

/**
 * The status emails as the worker renders them from the queued props: the state in a few words
 * (never a whole sentence inside "Its status is now: …", which read "…interest.."), then what
 * happens next, in the applicant's language.
 */
describe('status emails: the public state and the next step, in English and German', () => {
  let t: TestApp;
  let board: Awaited<ReturnType<TestApp['userWith']>>;
  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_RATE_LIMIT_PER_MINUTE: '1000' });
    board = await t.userWith('board');
  });
  afterAll(() => t.close());

  function render(row: { template: string; locale: string; props: Record<string, unknown> }) {
    const out = t.app.get(TemplateRenderer).render(row.template as EmailTemplate, row.locale as Locale, row.props as never, { appUrl: 'http://coffer.test', orgName: 'Coffer' });
    for (const part of [out.subject, out.text, out.html]) expect(part).not.toMatch(/\.\.|wording:/);
    return out;
  }

  it.each([
    ['en', 'Your proposal: under review', 'Its status is now: under review.', 'The board is reading your proposal now. There is nothing you need to do.'],
    ['de', 'Ihr Vorschlag: in Prüfung', 'Der aktuelle Stand: in Prüfung.', 'Der Vorstand liest Ihren Vorschlag gerade. Sie müssen nichts weiter tun.'],
  ])('an interest under review (%s)', async (lang, subject, status, next) => {
    const body = interestBody();
    const { body: created } = await t.http.post('/api/v1/interest').set('Accept-Language', lang).send(body).expect(202);
    await t.http.post(`/api/v1/interest/${created.id}/status`).set(board.auth).send({ status: 'reviewing' }).expect(200);
    const [, changed] = await outboxFor(t, body.email);
    expect(changed).toMatchObject({ template: EmailTemplate.InterestStatusChanged, locale: lang, props: { status: 'under_review' } });
    const out = render(changed);
    expect(out.subject).toBe(subject);
    expect(out.text).toContain(status);
    expect(out.text).toContain(next);
    expect(out.html).toContain(next);
  });

  it.each([
    ['en', 'It is now selected for funding.', 'Congratulations! Next we agree the milestones with the funder before work starts.'],
    ['de', 'Der aktuelle Stand: zur Förderung ausgewählt.', 'Herzlichen Glückwunsch! Als Nächstes stimmen wir die Meilensteine mit dem Förderer ab, bevor die Arbeit beginnt.'],
  ])('an application selected for funding (%s)', async (locale, status, next) => {
    const email = uniqueEmail('gina');
    const { body: grant } = await t.http
      .post('/api/v1/grants')
      .set(board.auth)
      .send(grantBody({ applicant: { name: 'Gina Grantee', email, locale } }))
      .expect(201);
    for (const to of ['submitted', 'in_review']) await t.http.post(`/api/v1/grants/${grant.id}/status`).set(board.auth).send({ status: to }).expect(200);
    await t.http
      .post(`/api/v1/grants/${grant.id}/status`)
      .set(board.auth)
      .send({ status: 'selected', awardedAmount: { amount: 100_000, currency: 'EUR' } })
      .expect(200);
    const selected = (await outboxFor(t, email)).find((r) => r.props.status === 'selected')!;
    expect(selected.locale).toBe(locale);
    const out = render(selected);
    expect(out.text.replace(/\s+/g, ' ')).toContain(status);
    expect(out.text).toContain(next);
  });
});
