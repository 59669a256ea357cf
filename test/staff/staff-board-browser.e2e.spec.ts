import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { activeGrant, EVIDENCE, interestBody } from '../grants/helpers.js';
import { axeAnalyze, freePort, launchChromium, outcomeText, screenshotDir, SignedInPages, withContextPage } from '../pages/browser-kit.js';
import { smallPdf } from '../setup/pdf.js';
import { createTestApp, TestApp, TEST_PASSWORD } from '../setup/test-app.js';

type User = Awaited<ReturnType<TestApp['userWith']>>;
const LANGS = ['en', 'de'] as const;

/**
 * R9 for the board's staff pages (grants, interest triage, hiring) in headless Chromium: a board
 * member triages an interest (a note, then a status) and moves an application a stage; axe-core
 * on every page built here in both languages; screenshots when PAGES_SCREENSHOTS is set.
 */
describe('R9 staff board pages in headless Chromium', () => {
  let t: TestApp;
  let ds: DataSource;
  let browser: Browser;
  let base: string;
  let admin: User;
  let board: User;
  let treasurer: User;
  let grantId: string;
  let interestId: string;
  let interestName: string;
  let applicationId: string;
  let applicantName: string;
  let interviewingId: string;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    t = await createTestApp({ APP_URL: base, SMTP_URL: '', LOGIN_RATE_LIMIT_PER_MINUTE: '10000', PUBLIC_RATE_LIMIT_PER_MINUTE: '100000' }, { port });
    ds = t.app.get(DataSource);
    browser = await launchChromium();
    admin = await t.userWith('admin');
    board = await t.userWith('board');
    treasurer = await t.userWith('treasurer');
    // An active grant with one milestone submitted (its review is linked from the grant page).
    const grant = await activeGrant(t, admin.auth, { areas: ['unix-signals', 'capability-security'] });
    grantId = grant.id;
    await t.http.post(`/api/v1/grantee/${grant.token}/milestones/${grant.milestoneIds[0]}/submit`).send(EVIDENCE).expect(200);
    interestName = `Iris Interest ${randomUUID().slice(0, 4)}`;
    interestId = (
      await t.http
        .post('/api/v1/interest')
        .send(interestBody({ name: interestName }))
        .expect(202)
    ).body.id;
    const role = (
      await t.http
        .post('/api/v1/roles')
        .set(admin.auth)
        .send({
          title: `Kernel developer ${randomUUID().slice(0, 4)}`,
          kind: 'staff',
          fund: 'general',
          currency: 'EUR',
          monthlyCost: 350_000,
          startsOn: '2027-03-01',
          status: 'hiring',
          public: true,
          posting: { description: 'The microkernel.', whatToSend: 'A CV', deadline: '2099-12-31' },
        })
        .expect(201)
    ).body as { id: string };
    const apply = async (name: string) =>
      (
        await t.http
          .post(`/api/v1/roles/${role.id}/applications`)
          .field('name', name)
          .field('email', `${name.split(' ')[0].toLowerCase()}-${randomUUID().slice(0, 6)}@applicant.test`)
          .field('message', 'I wrote two schedulers and would love to work on the kernel.')
          .field('links', 'https://github.com/example')
          .attach('cv', smallPdf(`${name} CV`), { filename: 'cv.pdf', contentType: 'application/pdf' })
          .expect(202)
      ).body.id as string;
    applicantName = `Hedy Applicant ${randomUUID().slice(0, 4)}`;
    applicationId = await apply(applicantName);
    interviewingId = await apply(`Grace Candidate ${randomUUID().slice(0, 4)}`);
    for (const stage of ['shortlisted', 'interviewing']) await t.http.post(`/api/v1/role-applications/${interviewingId}/stage`).set(admin.auth).send({ stage }).expect(200);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t.close();
  });

  const withPage = <T>(work: (page: Page) => Promise<T>, options?: Parameters<Browser['newContext']>[0]) => withContextPage(browser, work, options);
  const signIn = async (page: Page, user: User, lang = 'en') => {
    await page.goto(`${base}/login?lang=${lang}`);
    await page.locator('#f-email').fill(user.email);
    await page.locator('#f-password').fill(TEST_PASSWORD);
    await page.locator('#f-password').press('Enter');
    await page.waitForURL(`${base}/staff`);
  };
  const flash = outcomeText;

  it('a board member triages an interest (a note, then a status) and moves an application a stage', async () => {
    const steps: string[] = [];
    await withPage(async (page) => {
      await signIn(page, board);
      await page.getByRole('navigation').getByRole('link', { name: 'Interest' }).click();
      await page.waitForURL(`${base}/staff/interest`);
      await page.getByLabel('Status').selectOption('received');
      await page.getByRole('button', { name: 'Show' }).click();
      await page.getByRole('link', { name: interestName }).click();
      await page.waitForURL(`${base}/staff/interest/${interestId}`);
      steps.push('opened from the queue');

      await page.getByRole('button', { name: 'Add the note' }).click();
      expect(await page.title()).toMatch(/^Error: /);
      expect(await page.getByRole('alert').textContent()).toContain('Enter a note');
      await page.getByLabel(/^Add a note/).fill('Knows the kernel; worth a closer look.');
      await page.getByRole('button', { name: 'Add the note' }).click();
      await page.waitForURL(`${base}/staff/interest/${interestId}`);
      expect(await flash(page)).toContain('The note is added');
      expect(await page.locator('main').textContent()).toContain('Knows the kernel; worth a closer look.');
      steps.push('empty note refused, note added');

      await page.getByLabel(/^New status/).selectOption('reviewing');
      await page.getByLabel(/^Note with the change/).fill('Reading it this week.');
      await page.getByRole('button', { name: 'Change the status' }).click();
      await page.waitForURL(`${base}/staff/interest/${interestId}`);
      expect(await flash(page)).toContain('The status is changed');
      expect(await page.locator('.summary-list').textContent()).toContain('Reviewing');
      steps.push('moved to reviewing');

      await page.getByRole('navigation').getByRole('link', { name: 'Hiring' }).click();
      await page.getByRole('link', { name: applicantName }).click();
      await page.waitForURL(`${base}/staff/hiring/${applicationId}`);
      await page.getByLabel(/^New stage/).selectOption('shortlisted');
      await page.getByRole('button', { name: 'Change the stage' }).click();
      await page.waitForURL(`${base}/staff/hiring/${applicationId}`);
      expect(await flash(page)).toContain("The application's stage is changed");
      expect(await page.locator('.summary-list').textContent()).toContain('Shortlisted');
      const download = page.waitForEvent('download');
      await page.getByRole('link', { name: /^Download the CV/ }).click();
      expect((await download).suggestedFilename()).toBe('cv.pdf');
      steps.push('application shortlisted, CV downloaded');
    });
    const [interest] = await ds.query(`SELECT status, (SELECT count(*)::int FROM interest_notes WHERE interest_id = $1) AS notes FROM interests WHERE id = $1`, [interestId]);
    expect(interest).toEqual({ status: 'reviewing', notes: 2 });
    const [application] = await ds.query(`SELECT stage FROM role_applications WHERE id = $1`, [applicationId]);
    expect(application.stage).toBe('shortlisted');
    process.stdout.write(`R9 staff board triage: ${steps.join(' → ')}\n`);
  }, 120_000);

  it('axe-core: 0 serious or critical violations on every board page in both languages; reflows at 320 px', async () => {
    const problems: string[] = [];
    const shots = screenshotDir();
    const visits: { user: User; name: string; path: string; narrow?: boolean }[] = [
      { user: board, name: 'grants', path: '/staff/grants' },
      { user: board, name: 'grant', path: `/staff/grants/${grantId}`, narrow: true },
      { user: treasurer, name: 'grant-treasurer', path: `/staff/grants/${grantId}` },
      { user: board, name: 'interests', path: '/staff/interest' },
      { user: board, name: 'interest', path: `/staff/interest/${interestId}`, narrow: true },
      { user: admin, name: 'hiring', path: '/staff/hiring' },
      { user: board, name: 'application', path: `/staff/hiring/${interviewingId}`, narrow: true },
      { user: treasurer, name: 'hiring-forbidden', path: '/staff/hiring' },
    ];
    let wide = 0;
    // Each user signs in through the form once per language; that page then visits the pages below.
    const signedIn = new SignedInPages(browser, base);
    for (const lang of LANGS) {
      for (const { user, name, path, narrow } of visits) {
        await signedIn.withPage(user, lang, async (page) => {
          await page.goto(`${base}${path}?lang=${lang}`);
          expect(await page.getAttribute('html', 'lang')).toBe(lang);
          const result = await axeAnalyze(page);
          for (const v of result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'))
            problems.push(`${name} (${lang}): ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
          if (shots && lang === 'en') await page.screenshot({ path: join(shots, `staff-${name}.png`), fullPage: true });
          await page.setViewportSize({ width: 320, height: 800 });
          // What sticks out of the page (a wide table scrolls inside its own region instead).
          const sideways = await page.evaluate<string | null>(`(() => {
            const root = document.documentElement;
            if (root.scrollWidth <= root.clientWidth) return null;
            const wide = [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > root.clientWidth + 1 && !e.closest('.table-scroll'));
            return wide.slice(0, 5).map((e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + '.' + e.className).join(' ');
          })()`);
          if (sideways !== null) problems.push(`${name} (${lang}): scrolls sideways at 320 px (${sideways})`);
          if (narrow && shots && lang === 'en') await page.screenshot({ path: join(shots, `staff-${name}-320.png`), fullPage: true });
          wide++;
        });
      }
    }
    process.stdout.write(`R9 staff board pages: ${visits.length} pages × 2 languages, ${problems.filter((p) => !p.includes('320 px')).length} serious or critical\n`);
    process.stdout.write(`R9 staff board reflow: ${wide} page views at 320 px, ${problems.filter((p) => p.includes('320 px')).length} scrolling sideways\n`);
    expect(problems).toEqual([]);
  }, 300_000);
});
