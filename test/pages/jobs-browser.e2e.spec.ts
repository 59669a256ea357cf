import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { seedDemo } from '../../src/demo/demo-seed.js';
import { outboxFor, tokenOf } from '../grants/helpers.js';
import { smallPdf } from '../setup/pdf.js';
import { createTestApp, TestApp } from '../setup/test-app.js';
import { AXE_TAGS, axeAnalyze, freePort, launchChromium, screenshotDir } from './browser-kit.js';

const LANGS = ['en', 'de'] as const;

/**
 * R9 for the application form of an open position (and `/`, now on the public summary): a German
 * applicant's journey with one mistake and the CV attached twice, on to the status page from the
 * acknowledgement's link; axe-core in both languages, 320 px without horizontal scrolling.
 * `PAGES_SCREENSHOTS=docs/screenshots` writes `jobs-apply-*.png`, `jobs-applied-*.png`,
 * `application-status-*.png` and `home-*.png` (on the demo data).
 */
describe('R9 applying for a position in headless Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let roleId: string;
  /** An application's status page (`/jobs/status/:token`), applied for through the API. */
  let statusPath: string;
  const cvFile = { name: 'Lebenslauf.pdf', mimeType: 'application/pdf', buffer: smallPdf('Ada Lovelace') };

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    t = await createTestApp({ APP_URL: base, PUBLIC_RATE_LIMIT_PER_MINUTE: '100000' }, { port });
    browser = await launchChromium();
    const admin = await t.userWith('admin');
    // Screenshots for docs/ show the demo data a first start loads (its kernel developer posting).
    if (screenshotDir()) await seedDemo(t.app, admin.id);
    const treasurer = await t.userWith('treasurer');
    const role = await t.http
      .post('/api/v1/roles')
      .set(treasurer.auth)
      .send({
        title: `Driver developer ${randomUUID().slice(0, 4)}`,
        kind: 'contractor',
        fund: 'general',
        currency: 'EUR',
        monthlyCost: 300_000,
        startsOn: '2027-04-01',
        status: 'hiring',
        public: true,
        posting: { description: '## The work\n\nUser-space drivers for a microkernel written in Rust.', whatToSend: 'A CV as a PDF and links to code you wrote' },
      })
      .expect(201);
    roleId = screenshotDir()
      ? (await t.app.get(DataSource).query<{ id: string }[]>(`SELECT id FROM roles WHERE title = 'Kernel / core developer' AND status = 'hiring'`))[0].id
      : (role.body as { id: string }).id;
    const applicant = `status-${randomUUID().slice(0, 8)}@applicant.test`;
    await t.http
      .post(`/api/v1/roles/${roleId}/applications`)
      .field('name', 'Grace Hopper')
      .field('email', applicant)
      .field('message', 'I wrote the first compiler and would like to write drivers.')
      .expect(202);
    statusPath = `/jobs/status/${tokenOf((await outboxFor(t, applicant))[0].props.statusUrl)}`;
  });
  afterAll(async () => {
    await browser?.close();
    await t.close();
  });

  const withPage = async <T>(options: Parameters<Browser['newContext']>[0], work: (page: Page, context: BrowserContext) => Promise<T>): Promise<T> => {
    const context = await browser.newContext(options);
    try {
      return await work(await context.newPage(), context);
    } finally {
      await context.close();
    }
  };
  const axeProblems = async (page: Page, name: string): Promise<string[]> => {
    const result = await axeAnalyze(page, AXE_TAGS);
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${name}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  };

  it('an applicant in German: from the posting to the form, one mistake, the CV attached again, the thank-you page', async () => {
    const email = `browser-${randomUUID().slice(0, 8)}@applicant.test`;
    await withPage({ locale: 'de-DE', extraHTTPHeaders: { 'Accept-Language': 'de-DE,de;q=0.9' } }, async (page) => {
      await page.goto(`${base}/jobs/${roleId}`);
      await page.getByRole('link', { name: 'Auf diese Stelle bewerben' }).click();
      await page.waitForURL(`${base}/jobs/${roleId}/apply`);
      expect(await page.getAttribute('html', 'lang')).toBe('de');
      await page.getByLabel('Ihr Name').fill('Ada Lovelace');
      await page.getByLabel('E-Mail-Adresse').fill(email);
      await page.getByLabel('Links').fill('https://ada.example.org');
      await page.getByLabel('Lebenslauf').setInputFiles(cvFile);
      await page.getByRole('button', { name: 'Bewerbung senden' }).click();

      // The mistake: no motivation. Summary at the top, message at the field, text kept, the CV to choose again.
      await page.waitForURL(`${base}/jobs/${roleId}/apply`);
      expect(await page.title()).toMatch(/^Fehler: Bewerbung: /);
      const summary = page.getByRole('alert');
      expect(await summary.textContent()).toContain('Bitte ausfüllen: Motivation');
      expect(await summary.textContent()).toContain('Wählen Sie die Datei vor dem Senden erneut aus');
      expect(await page.locator('#f-message-error').textContent()).toContain('Bitte ausfüllen: Motivation');
      expect(await page.locator('#f-cv-again').textContent()).toContain('Ihr Lebenslauf wurde nicht übernommen');
      expect(await page.getByLabel('Ihr Name').inputValue()).toBe('Ada Lovelace');
      expect(await page.getByLabel('E-Mail-Adresse').inputValue()).toBe(email);
      expect(await page.getByLabel('Links').inputValue()).toBe('https://ada.example.org');
      await summary.getByRole('link', { name: /Motivation/ }).click();
      expect(await page.evaluate<string>('document.activeElement?.id')).toBe('f-message');

      await page.getByLabel(/Warum diese Stelle/).fill('Ich habe Treiber für zwei Hobby-Kernel geschrieben.');
      await page.getByLabel('Lebenslauf').setInputFiles(cvFile);
      await page.getByRole('button', { name: 'Bewerbung senden' }).click();
      await page.waitForURL(`${base}/jobs/${roleId}/applied`);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Danke: Ihre Bewerbung ist eingegangen');
      expect(await page.getByRole('status').textContent()).toContain('ist bei uns angekommen');
    });
    const [row] = await t.app
      .get(DataSource)
      .query(`SELECT a.locale, c.filename FROM role_applications a JOIN role_application_cvs c ON c.application_id = a.id WHERE a.email = $1`, [email]);
    expect(row).toEqual({ locale: 'de', filename: 'Lebenslauf.pdf' });
    const [ack] = await outboxFor(t, email);
    expect(ack.template).toBe('role-application-received');

    // The acknowledgement's link opens the status page, in German like the email.
    await withPage({ locale: 'de-DE', extraHTTPHeaders: { 'Accept-Language': 'de-DE,de;q=0.9' } }, async (page) => {
      expect(String(ack.props.statusUrl)).toMatch(new RegExp(`^${base}/jobs/status/[A-Za-z0-9_-]{43}$`));
      await page.goto(String(ack.props.statusUrl));
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Ihre Bewerbung');
      const main = await page.locator('main').textContent();
      expect(main).toContain('Wir haben Ihre Bewerbung erhalten.');
      expect(main).toContain('Wie es weitergeht');
    });
  });

  it('axe-core: 0 serious or critical on the form (empty and with errors), the thank-you page, the status page and / in both languages', async () => {
    const problems: string[] = [];
    const shots = screenshotDir();
    for (const lang of LANGS) {
      await withPage({ viewport: { width: 1024, height: 800 } }, async (page) => {
        const pages = [
          { name: 'jobs-apply', path: `/jobs/${roleId}/apply` },
          { name: 'jobs-applied', path: `/jobs/${roleId}/applied` },
          { name: 'application-status', path: statusPath },
          { name: 'home', path: '/' },
        ];
        for (const { name, path } of pages) {
          await page.goto(`${base}${path}?lang=${lang}`);
          expect(await page.getAttribute('html', 'lang')).toBe(lang);
          problems.push(...(await axeProblems(page, `${name} (${lang})`)));
          if (shots) await page.screenshot({ path: join(shots, `${name}-${lang}.png`), fullPage: true });
        }
        await page.goto(`${base}/jobs/${roleId}/apply?lang=${lang}`);
        await page.getByLabel(lang === 'de' ? 'Lebenslauf' : 'CV').setInputFiles({ name: 'cv.pdf', mimeType: 'application/pdf', buffer: Buffer.from('not a pdf') });
        await page.locator('button[type=submit]').click();
        await page.waitForSelector('.error-summary');
        problems.push(...(await axeProblems(page, `jobs-apply-errors (${lang})`)));
        if (shots) await page.screenshot({ path: join(shots, `jobs-apply-errors-${lang}.png`), fullPage: true });
      });
    }
    process.stdout.write(`R9 apply pages: 5 pages × 2 languages, ${problems.length} serious or critical\n`);
    expect(problems).toEqual([]);
  }, 180_000);

  it('no horizontal scrolling at 320 px', async () => {
    const wide: string[] = [];
    await withPage({ viewport: { width: 320, height: 700 } }, async (page) => {
      for (const path of [`/jobs/${roleId}`, `/jobs/${roleId}/apply`, `/jobs/${roleId}/applied`, statusPath, '/']) {
        for (const lang of LANGS) {
          await page.goto(`${base}${path}?lang=${lang}`);
          const [scroll, client] = await page.evaluate<[number, number]>('[document.documentElement.scrollWidth, document.documentElement.clientWidth]');
          if (scroll > client) wide.push(`${path} (${lang}): ${scroll} > ${client}`);
        }
      }
      if (screenshotDir()) {
        await page.goto(`${base}/jobs/${roleId}/apply?lang=de`);
        await page.screenshot({ path: join(screenshotDir()!, 'jobs-apply-de-320px.png'), fullPage: true });
      }
    });
    process.stdout.write(`R9 apply reflow: 5 pages × 2 languages at 320 px, ${wide.length} with horizontal scrolling\n`);
    expect(wide).toEqual([]);
  }, 120_000);
});
