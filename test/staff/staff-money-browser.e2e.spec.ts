import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { axeAnalyze, freePort, launchChromium, outcomeText, preloadAxe, screenshotDir, withContextPage } from '../pages/browser-kit.js';
import { createTestApp, TestApp, TEST_PASSWORD } from '../setup/test-app.js';

type User = Awaited<ReturnType<TestApp['userWith']>>;
const LANGS = ['en', 'de'] as const;

/**
 * R9 for the treasurer's money pages (issue 14) in headless Chromium: record a bank donation
 * through the form (after one mistake), open it, reverse it; open its sponsor and send the
 * annual statement; axe-core on every page in both languages. Donations of 2018-05 / 2018-06 only.
 */
describe('R9 staff money pages in headless Chromium', () => {
  let t: TestApp;
  let ds: DataSource;
  let browser: Browser;
  let base: string;
  let treasurer: User;
  const tag = randomUUID().slice(0, 8);
  const sponsorEmail = `greta-${tag}@example.org`;
  let openDonationId: string;
  let sponsorId: string;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    t = await createTestApp({ APP_URL: base, SMTP_URL: '', LOGIN_RATE_LIMIT_PER_MINUTE: '10000', PUBLIC_RATE_LIMIT_PER_MINUTE: '100000' }, { port });
    ds = t.app.get(DataSource);
    browser = await launchChromium();
    treasurer = await t.userWith('treasurer');
    // Earlier giving of the sponsor the journey will record for, so the pages have rows to show.
    const first = await t.http
      .post('/api/v1/donations')
      .set(treasurer.auth)
      .send({ channel: 'bank', amount: 5000, currency: 'EUR', receivedAt: '2018-05-07', reference: `SEPA Mai ${tag}`, sponsor: { name: 'Greta Gönnerin', email: sponsorEmail } })
      .expect(201);
    openDonationId = first.body.id;
    sponsorId = first.body.sponsorId;
    await t.http
      .post('/api/v1/donations')
      .set(treasurer.auth)
      .send({ channel: 'other', amount: 2500, currency: 'EUR', receivedAt: '2018-06-03', reference: `Scheck 118 ${tag}`, sponsorId })
      .expect(201);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t.close();
  });

  const withPage = <T>(work: (page: Page) => Promise<T>, options?: Parameters<Browser['newContext']>[0]) => withContextPage(browser, work, options);
  const signIn = async (page: Page, user: User, path: string) => {
    await page.goto(`${base}${path}`);
    expect(page.url()).toBe(`${base}/login?next=${encodeURIComponent(path)}`);
    await page.locator('#f-email').fill(user.email);
    await page.locator('#f-password').fill(TEST_PASSWORD);
    await page.locator('#f-password').press('Enter');
    await page.waitForURL(`${base}${path}`, { timeout: 5000 });
  };
  const flash = outcomeText;

  it('the treasurer records a bank donation (after one mistake), opens it, reverses it, then sends the sponsor the statement', async () => {
    await withPage(async (page) => {
      const steps: string[] = [];
      await signIn(page, treasurer, '/staff/donations');
      await page.getByRole('link', { name: 'Record a donation' }).click();
      await page.waitForURL(`${base}/staff/donations/new`);
      await page.getByLabel('bank transfer').check();
      await page.getByLabel(/^Amount/).fill('15,5O'); // the letter O for a zero
      await page.getByLabel(/^Received on/).fill('2018-06-11');
      await page.getByLabel(/^Sponsor's name/).fill('Greta Gönnerin');
      await page.getByLabel(/^Sponsor's email address/).fill(sponsorEmail);
      await page.getByLabel(/^Reference/).fill(`SEPA Juni ${tag}`);
      await page.getByRole('button', { name: 'Record the donation' }).click();
      expect(await page.title()).toMatch(/^Error: /);
      expect(await page.getByRole('alert').textContent()).toContain('Enter the amount as a number');
      // The message sits next to the field, tied to it, and the typed text is still there.
      expect(await page.locator('#f-amount-error').textContent()).toContain('Enter the amount as a number');
      expect(await page.locator('#f-amount').getAttribute('aria-describedby')).toContain('f-amount-error');
      expect(await page.locator('#f-amount').inputValue()).toBe('15,5O');
      expect(await page.locator('#f-reference').inputValue()).toBe(`SEPA Juni ${tag}`);
      expect(await page.locator('#f-receivedAt').inputValue()).toBe('2018-06-11');
      steps.push('mistake shown next to the amount, text kept');

      await page.getByLabel(/^Amount/).fill('15,50');
      await page.getByRole('button', { name: 'Record the donation' }).click();
      await page.waitForURL(/\/staff\/donations\/[0-9a-f-]{36}$/);
      expect(await flash(page)).toContain('The donation is recorded');
      const id = page.url().split('/').pop()!;
      expect(await page.locator('h1').textContent()).toBe('Donation of €15.50');
      expect(await page.locator('main').textContent()).toContain('Ledger entries');
      steps.push('recorded €15.50');

      await page.getByLabel(/^Reason/).fill('Typed into the wrong month');
      await page.getByRole('button', { name: 'Reverse the donation' }).click();
      await page.waitForURL(`${base}/staff/donations/${id}`);
      expect(await flash(page)).toContain('The donation is reversed');
      expect(await page.locator('#reversal').textContent()).toContain('Typed into the wrong month');
      const [row] = await ds.query(`SELECT status, amount::int FROM donations WHERE id = $1`, [id]);
      expect(row).toEqual({ status: 'reversed', amount: 1550 });
      steps.push('reversed');

      await page.getByRole('link', { name: 'Greta Gönnerin' }).click();
      await page.waitForURL(`${base}/staff/sponsors/${sponsorId}`);
      expect(await page.locator('#c-years').textContent()).toContain('Giving per year');
      expect(
        await page
          .locator('table', { has: page.locator('#c-years') })
          .locator('tbody')
          .textContent(),
      ).toContain('2018');
      await page.getByLabel(/^Year/).selectOption('2018');
      await page.getByRole('button', { name: 'Show' }).click();
      await page.waitForURL(`${base}/staff/sponsors/${sponsorId}?year=2018`);
      expect(await page.locator('main').textContent()).toContain(`Scheck 118 ${tag}`);
      await page.getByRole('button', { name: 'Send the statement for 2018' }).click();
      await page.waitForURL(`${base}/staff/sponsors/${sponsorId}?year=2018`);
      expect(await flash(page)).toContain('The statement is queued');
      const emails = await ds.query(`SELECT template, recipient FROM email_outbox WHERE dedupe_key = $1`, [`statement:${sponsorId}:2018`]);
      expect(emails).toEqual([{ template: 'annual-statement', recipient: sponsorEmail }]);
      steps.push('statement 2018 queued');
      process.stdout.write(`R9 staff money journey: ${steps.join(' → ')}\n`);
    });
  }, 120_000);

  it('axe-core: 0 serious or critical violations on every staff money page in both languages', async () => {
    const problems: string[] = [];
    const reflow: string[] = [];
    const shots = screenshotDir();
    const [reversed] = await ds.query(`SELECT id FROM donations WHERE status = 'reversed' AND sponsor_id = $1 LIMIT 1`, [sponsorId]);
    const visits: { name: string; path: string; narrow?: boolean }[] = [
      { name: 'donations', path: '/staff/donations?from=2018-05-01&to=2018-06-30' },
      { name: 'donations-refused', path: '/staff/donations?channel=pigeon&from=2018-05-01' },
      { name: 'donation-new', path: '/staff/donations/new', narrow: true },
      { name: 'donation', path: `/staff/donations/${openDonationId}`, narrow: true },
      { name: 'donation-reversed', path: `/staff/donations/${reversed?.id ?? openDonationId}` },
      { name: 'sponsors', path: `/staff/sponsors?q=${encodeURIComponent('Gönnerin')}` },
      { name: 'sponsor', path: `/staff/sponsors/${sponsorId}?year=2018`, narrow: true },
    ];
    for (const lang of LANGS) {
      await withPage(async (page) => {
        await preloadAxe(page.context());
        await page.goto(`${base}/login?lang=${lang}`);
        await page.locator('#f-email').fill(treasurer.email);
        await page.locator('#f-password').fill(TEST_PASSWORD);
        await page.locator('#f-password').press('Enter');
        await page.waitForURL(`${base}/staff`);
        for (const { name, path, narrow } of visits) {
          await page.setViewportSize({ width: 1100, height: 900 });
          await page.goto(`${base}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
          expect(await page.getAttribute('html', 'lang')).toBe(lang);
          const result = await axeAnalyze(page);
          for (const v of result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'))
            problems.push(`${name} (${lang}): ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
          if (shots && lang === 'en') await page.screenshot({ path: join(shots, `staff-${name}.png`), fullPage: true });
          // 320 px wide: nothing but the tables' own scroll regions scrolls sideways.
          await page.setViewportSize({ width: 320, height: 800 });
          const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
          if (overflow > 0) reflow.push(`${name} (${lang}): scrolls ${overflow} px sideways at 320 px`);
          if (shots && lang === 'en' && narrow) await page.screenshot({ path: join(shots, `staff-${name}-320.png`), fullPage: true });
        }
      });
    }
    process.stdout.write(`R9 staff money pages: ${visits.length} pages × 2 languages, ${problems.length} serious or critical\n`);
    process.stdout.write(`R9 staff money reflow at 320 px: ${visits.length} pages × 2 languages, ${reflow.length} scrolling sideways\n`);
    expect(problems).toEqual([]);
    expect(reflow).toEqual([]);
  }, 300_000);
});
