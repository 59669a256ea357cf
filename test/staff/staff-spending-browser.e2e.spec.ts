import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { axeAnalyze, freePort, launchChromium, outcomeText, screenshotDir, SignedInPages, withContextPage } from '../pages/browser-kit.js';
import { createTestApp, TestApp, TEST_PASSWORD } from '../setup/test-app.js';

type User = Awaited<ReturnType<TestApp['userWith']>>;
const LANGS = ['en', 'de'] as const;

/**
 * R9 for the treasurer's and the board's spending pages in headless Chromium: a role payment and
 * an expense through the forms (a mistake first), the board reading runway and roles, axe-core on
 * every page in both languages. Money moves in 2017-03 / 2017-04 only.
 */
describe('R9 staff spending pages in headless Chromium', () => {
  let t: TestApp;
  let ds: DataSource;
  let browser: Browser;
  let base: string;
  let treasurer: User;
  let board: User;
  let fund: string;
  let roleId: string;
  let roleTitle: string;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    t = await createTestApp({ APP_URL: base, SMTP_URL: '', LOGIN_RATE_LIMIT_PER_MINUTE: '10000', PUBLIC_RATE_LIMIT_PER_MINUTE: '100000' }, { port });
    ds = t.app.get(DataSource);
    browser = await launchChromium();
    treasurer = await t.userWith('treasurer');
    board = await t.userWith('board');
    // A fund with 30,000.00 EUR and a role costing 40,000.00 a month: the runway (of all funds, so
    // with whatever the other suites on this worker's database gave and pledged) runs out within the
    // year. At 4,000.00 a month the others' income outweighed it when the suites were spread differently.
    fund = `br-${randomUUID().slice(0, 8)}`;
    await t.http
      .post('/api/v1/funds')
      .set(treasurer.auth)
      .send({ code: fund, name: `Kernel fund ${fund}`, restricted: false })
      .expect(201);
    await t.http.post('/api/v1/donations').set(treasurer.auth).send({ channel: 'bank', amount: 3_000_000, currency: 'EUR', receivedAt: '2017-03-02', fund }).expect(201);
    roleTitle = `Kernel developer ${fund}`;
    const role = await t.http
      .post('/api/v1/roles')
      .set(treasurer.auth)
      .send({
        title: roleTitle,
        kind: 'contractor',
        fund,
        currency: 'EUR',
        monthlyCost: 4_000_000,
        startsOn: '2017-03-01',
        status: 'active',
        holder: { name: 'Jesper Holm', email: 'jesper@example.org' },
      })
      .expect(201);
    roleId = role.body.id;
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t.close();
  });

  const withPage = <T>(work: (page: Page) => Promise<T>, options?: Parameters<Browser['newContext']>[0]) => withContextPage(browser, work, options);
  const signIn = async (page: Page, user: User, path: string, lang = 'en') => {
    await page.goto(`${base}/login?lang=${lang}`);
    await page.locator('#f-email').fill(user.email);
    await page.locator('#f-password').fill(TEST_PASSWORD);
    await page.locator('#f-password').press('Enter');
    await page.waitForURL(`${base}/staff`);
    await page.goto(`${base}${path}`);
  };
  const flash = outcomeText;

  it('the treasurer records a role payment and an expense through the forms, each after one mistake', async () => {
    const steps: string[] = [];
    await withPage(async (page) => {
      await signIn(page, treasurer, `/staff/roles/${roleId}`, 'de');
      expect(await page.locator('h1').textContent()).toBe(`Stelle: ${roleTitle}`);
      await page.getByLabel(/^Betrag in EUR/).fill('1.234,5x');
      await page.getByLabel(/^Zahlungsdatum/).fill('2017-03-20');
      await page.getByLabel(/^Referenz/).fill('Rechnung März');
      await page.getByRole('button', { name: 'Zahlung erfassen' }).click();
      expect(await page.title()).toMatch(/^Fehler: /);
      expect(await page.locator('#f-amount-error').textContent()).toContain('Geben Sie den Betrag als Zahl ein, etwa 1.234,50');
      expect(await page.getByRole('alert').textContent()).toContain('Geben Sie den Betrag als Zahl ein');
      expect(await page.locator('#f-amount').inputValue()).toBe('1.234,5x');
      expect(await page.locator('#f-reference').inputValue()).toBe('Rechnung März');
      expect(await page.locator('#f-amount').getAttribute('aria-describedby')).toContain('f-amount-error');
      steps.push('payment: mistake shown next to the amount, text kept');
      await page.locator('#f-amount').fill('1.234,50');
      await page.getByRole('button', { name: 'Zahlung erfassen' }).click();
      await page.waitForURL(`${base}/staff/roles/${roleId}`);
      expect(await flash(page)).toContain('Die Zahlung ist gebucht.');
      expect(await page.locator('#c-payments').locator('xpath=..').textContent()).toContain('1.234,50');
      steps.push('payment recorded');

      await page.getByRole('link', { name: 'Ausgaben' }).click();
      await page.waitForURL(`${base}/staff/expenses`);
      await page.getByLabel(/^Kategorie/).fill('hosting');
      await page.getByLabel(/^Bezahlt an/).fill('Hetzner Online GmbH');
      await page.getByLabel(/^Fonds/).selectOption(fund);
      await page.getByLabel(/^Währung/).selectOption('EUR');
      await page.getByLabel(/^Betrag/).fill('89,90');
      await page.getByLabel(/^Ausgabedatum/).fill('2017-04-31');
      await page.getByLabel(/^Referenz/).fill(`R20170403-${fund}`);
      await page.getByRole('button', { name: 'Ausgabe erfassen' }).click();
      expect(await page.locator('#f-spentOn-error').textContent()).toContain('Geben Sie das Ausgabedatum als Jahr-Monat-Tag ein');
      expect(await page.locator('#f-spentOn').inputValue()).toBe('2017-04-31');
      expect(await page.locator('#f-payee').inputValue()).toBe('Hetzner Online GmbH');
      expect(await page.locator('#f-amount').inputValue()).toBe('89,90');
      steps.push('expense: impossible date shown next to the field, text kept');
      await page.locator('#f-spentOn').fill('2017-04-03');
      await page.getByRole('button', { name: 'Ausgabe erfassen' }).click();
      await page.waitForURL(`${base}/staff/expenses`);
      expect(await flash(page)).toContain('Die Ausgabe ist gebucht.');
      expect(await page.locator('table', { has: page.locator('#c-expenses') }).textContent()).toContain('Hetzner Online GmbH');
      steps.push('expense recorded');
    });
    const [payment] = await ds.query(`SELECT amount::int AS amount, reference FROM role_payments WHERE role_id = $1`, [roleId]);
    expect(payment).toEqual({ amount: 123_450, reference: 'Rechnung März' });
    const [expense] = await ds.query(`SELECT x.amount::int AS amount, f.code AS fund FROM expenses x JOIN funds f ON f.id = x.fund_id WHERE x.reference = $1`, [
      `R20170403-${fund}`,
    ]);
    expect(expense).toEqual({ amount: 8990, fund });
    process.stdout.write(`R9 staff spending treasurer journey: ${steps.join(' → ')}\n`);
  }, 120_000);

  it('a board member reads the runway chart and the roles, with no payment form', async () => {
    await withPage(async (page) => {
      await signIn(page, board, '/staff');
      await page.getByRole('link', { name: 'Runway' }).click();
      await page.waitForURL(`${base}/staff/runway`);
      const chart = page.getByRole('img', { name: 'Runway: balance of all funds at the end of each month' });
      expect(await chart.count()).toBe(1);
      expect(await chart.getAttribute('aria-labelledby')).toBe('runway-title runway-desc');
      expect(await page.locator('#runway-desc').textContent()).toMatch(/The money runs out in \w+ \d{4}\./);
      expect(await page.locator('#projection tbody tr').count()).toBe(12);
      expect(await page.locator('#projection').textContent()).toContain('(runs out)');
      await page.getByLabel('Months to project').selectOption('24');
      await page.getByRole('button', { name: 'Show' }).click();
      await page.waitForURL(`${base}/staff/runway?months=24`);
      expect(await page.locator('#projection tbody tr').count()).toBe(24);

      await page.getByRole('link', { name: 'Roles', exact: true }).click();
      await page.waitForURL(`${base}/staff/roles`);
      expect(await page.locator('#h-seasons').textContent()).toBe('Seasons');
      await page.getByRole('link', { name: roleTitle }).click();
      await page.waitForURL(`${base}/staff/roles/${roleId}`);
      expect(await page.locator('main').textContent()).toContain('Jesper Holm');
      expect(await page.getByRole('button', { name: 'Record the payment' }).count()).toBe(0);
      expect(await page.locator('main').textContent()).toContain('you can read everything here');
    });
  }, 60_000);

  it('axe-core: 0 serious or critical violations on every spending page in both languages', async () => {
    const problems: string[] = [];
    const shots = screenshotDir();
    const visits: { user: User; name: string; path: string }[] = [
      { user: treasurer, name: 'funds', path: '/staff/funds' },
      { user: board, name: 'funds-board', path: '/staff/funds' },
      { user: board, name: 'runway', path: '/staff/runway' },
      { user: treasurer, name: 'roles', path: '/staff/roles' },
      { user: treasurer, name: 'role', path: `/staff/roles/${roleId}` },
      { user: board, name: 'role-board', path: `/staff/roles/${roleId}` },
      { user: treasurer, name: 'expenses', path: '/staff/expenses' },
      { user: treasurer, name: 'expense-error', path: '/staff/expenses' },
    ];
    // Each user signs in through the form once per language (which leaves the language cookie the
    // pages below go by); that page then visits each of them.
    const signedIn = new SignedInPages(browser, base);
    for (const lang of LANGS) {
      for (const { user, name, path } of visits) {
        await signedIn.withPage(user, lang, async (page) => {
          await page.goto(`${base}${path}`);
          if (name === 'expense-error') {
            // The form after a mistake: the error summary and the field's message.
            await page.locator('#f-amount').fill('zwölf');
            await page.locator('#new-expense button').click();
            await page.waitForLoadState();
          }
          expect(await page.getAttribute('html', 'lang')).toBe(lang);
          const result = await axeAnalyze(page);
          for (const v of result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'))
            problems.push(`${name} (${lang}): ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
          if (shots && lang === 'en') await page.screenshot({ path: join(shots, `staff-${name}.png`), fullPage: true });
          if (shots && lang === 'de' && name === 'runway') await page.screenshot({ path: join(shots, 'staff-runway-de.png'), fullPage: true });
        });
      }
    }
    process.stdout.write(`R9 staff spending pages: ${visits.length} pages × 2 languages, ${problems.length} serious or critical\n`);
    expect(problems).toEqual([]);
  }, 300_000);

  it('the runway at 320 px: the chart scales with the page and nothing scrolls sideways', async () => {
    const shots = screenshotDir();
    await withPage(
      async (page) => {
        await signIn(page, board, '/staff/runway');
        const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
        expect(overflow).toBeLessThanOrEqual(0);
        const box = await page.locator('svg.runway-chart').boundingBox();
        expect(box!.width).toBeLessThanOrEqual(320);
        expect(box!.width).toBeGreaterThan(250);
        if (shots) await page.screenshot({ path: join(shots, 'staff-runway-320.png'), fullPage: true });
      },
      { viewport: { width: 320, height: 800 } },
    );
  }, 60_000);
});
