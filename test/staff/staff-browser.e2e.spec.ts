import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { activeGrant, EVIDENCE } from '../grants/helpers.js';
import { axeAnalyze, freePort, launchChromium, outcomeText, screenshotDir, SignedInPages, withContextPage } from '../pages/browser-kit.js';
import { createTestApp, TestApp, TEST_PASSWORD } from '../setup/test-app.js';

type User = Awaited<ReturnType<TestApp['userWith']>>;
const MONTH = '2019-07';
const LANGS = ['en', 'de'] as const;

/**
 * R9 for the staff pages, in headless Chromium: the treasurer's month from import to close, the
 * board's vote with a conflict of interest (one vote by keyboard alone), an admin retrying a
 * failed email; axe-core on every staff page in both languages.
 */
describe('R9 staff pages in headless Chromium', () => {
  let t: TestApp;
  let ds: DataSource;
  let browser: Browser;
  let base: string;
  let admin: User;
  let treasurer: User;
  let board: User[];
  let milestoneId: string;
  let profile: string;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    t = await createTestApp({ APP_URL: base, SMTP_URL: '', LOGIN_RATE_LIMIT_PER_MINUTE: '10000', PUBLIC_RATE_LIMIT_PER_MINUTE: '100000', GRANT_REVIEW_QUORUM: '2' }, { port });
    ds = t.app.get(DataSource);
    browser = await launchChromium();
    admin = await t.userWith('admin');
    treasurer = await t.userWith('treasurer');
    board = [await t.userWith('board'), await t.userWith('board'), await t.userWith('board')];
    // A submitted milestone waiting for the board.
    const grant = await activeGrant(t, admin.auth);
    milestoneId = grant.milestoneIds[0];
    await t.http.post(`/api/v1/grantee/${grant.token}/milestones/${milestoneId}/submit`).send(EVIDENCE).expect(200);
    // The bank's CSV profile exists; the hand-recorded donation is what the import will be matched to.
    profile = `staff-${Date.now()}`;
    await t.http
      .post('/api/v1/imports/profiles')
      .set(treasurer.auth)
      .send({
        name: profile,
        delimiter: ';',
        decimalSeparator: ',',
        dateColumn: 'Date',
        dateFormat: 'YYYY-MM-DD',
        amountColumn: 'Amount',
        currencyColumn: 'Currency',
        descriptionColumns: ['Purpose'],
        counterpartyColumn: 'Counterparty',
        account: 'DE89370400440532013000',
      })
      .expect(201);
    await t.http
      .post('/api/v1/donations')
      .set(treasurer.auth)
      .send({ channel: 'bank', amount: 12345, currency: 'EUR', receivedAt: `${MONTH}-10`, sponsor: { name: 'Grete Gönner', email: 'grete@example.org' } })
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
    await page.waitForURL(`${base}${path}`, { timeout: 5000 }).catch(async (e) => {
      throw new Error(`${page.url()} ${await page.locator('main').textContent()} ${e}`);
    });
  };
  const flash = outcomeText;

  it('the treasurer imports a statement, reconciles, is refused the close, accepts, classifies and closes the month', async () => {
    await withPage(async (page) => {
      const steps: string[] = [];
      await signIn(page, treasurer, `/staff/month/${MONTH}`);
      steps.push('signed in');
      const csv =
        ['Date;Amount;Currency;Counterparty;Purpose', `${MONTH}-12;123,45;EUR;Grete Gönner;Spende Juli`, `${MONTH}-20;77,00;EUR;Unbekannt;Spende anonym`].join('\n') + '\n';
      await page.getByLabel('Kind of file').selectOption('bank');
      await page.getByLabel(/^Bank CSV profile/).selectOption(profile);
      await page.getByLabel(/^File/).setInputFiles({ name: 'statement-2019-07.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
      await page.getByRole('button', { name: 'Import' }).click();
      await page.waitForURL(`${base}/staff/month/${MONTH}`);
      expect(await flash(page)).toContain('The file is imported');
      steps.push('imported 2 lines');

      await page.getByRole('button', { name: 'Run reconciliation' }).click();
      await page.waitForURL(`${base}/staff/month/${MONTH}`);
      expect(await flash(page)).toContain('Reconciliation has run');
      const suggestion = page.locator('table', { has: page.locator('caption', { hasText: 'Suggestions waiting' }) }).locator('tbody tr');
      expect(await suggestion.count()).toBe(1);
      expect(await suggestion.textContent()).toContain('manual_donation_amount_date');
      steps.push('reconciled: 1 suggestion with its rule, 1 unmatched deposit');

      await page.getByRole('button', { name: 'Close the month' }).click();
      expect(await page.title()).toMatch(/^Error: /);
      expect(await page.getByRole('alert').textContent()).toContain('3 items are still open');
      expect(await page.locator('#open-items').textContent()).toContain('Spende anonym');
      // Grete's credit waits under its suggestion, not as a deposit to classify.
      expect(await page.locator('#open-items').textContent()).not.toContain('Spende Juli');
      steps.push('close refused, open items listed');

      await suggestion.getByRole('button', { name: /^Accept/ }).click();
      await page.waitForURL(`${base}/staff/month/${MONTH}`);
      expect(await flash(page)).toContain('The suggestion is accepted');
      steps.push('suggestion accepted');

      const card = page.locator('.card', { hasText: 'Spende anonym' });
      await card.getByRole('button', { name: 'Classify' }).click();
      expect(await page.getByRole('alert').textContent()).toContain('Choose whether it is a donation'); // nothing chosen yet
      const again = page.locator('.card', { hasText: 'Spende anonym' });
      await again.getByLabel('A donation', { exact: true }).check();
      await again.getByLabel(/^Note/).fill('Anonymous gift, July');
      await again.getByRole('button', { name: 'Classify' }).click();
      await page.waitForURL(`${base}/staff/month/${MONTH}`);
      expect(await flash(page)).toContain('The bank line is classified');
      steps.push('deposit classified as a donation');

      await page.getByRole('button', { name: 'Close the month' }).click();
      await page.waitForURL(`${base}/staff/month/${MONTH}`);
      expect(await flash(page)).toContain('The month is closed');
      expect(await page.locator('main').textContent()).toContain('Closed by');
      const [period] = await ds.query(`SELECT 1 AS closed FROM periods WHERE month = $1`, [`${MONTH}-01`]);
      expect(period).toEqual({ closed: 1 });
      steps.push('month closed');
      process.stdout.write(`R9 staff treasurer journey: ${steps.join(' → ')}\n`);
    });
  }, 120_000);

  it('two board members approve a submitted milestone while a third declares a conflict (one vote by keyboard alone)', async () => {
    const path = `/staff/reviews/${milestoneId}`;
    // The third member recuses.
    await withPage(async (page) => {
      await signIn(page, board[2], path);
      await page.getByLabel('I have a conflict of interest').check();
      await page.getByRole('button', { name: 'Send my vote' }).click();
      await page.waitForURL(`${base}/staff/reviews`);
      expect(await flash(page)).toContain('conflict of interest is recorded');
    });
    // The first approves with the keyboard alone.
    await withPage(async (page) => {
      await signIn(page, board[0], '/staff/reviews');
      const focused = () => page.evaluate<string>("document.activeElement?.id || document.activeElement?.getAttribute('href') || document.activeElement?.className || ''");
      const tabTo = async (target: string) => {
        for (let i = 0; i < 80 && (await focused()) !== target; i++) await page.keyboard.press('Tab');
        expect(await focused()).toBe(target);
      };
      await tabTo(path);
      await page.keyboard.press('Enter');
      await page.waitForURL(`${base}${path}`);
      await tabTo('f-decision-approve');
      await page.keyboard.press('Space');
      await tabTo('f-comment');
      await page.keyboard.type('Tests pass; the man page is there.');
      await tabTo('button');
      expect(await page.evaluate<string>('getComputedStyle(document.activeElement).backgroundColor')).toBe('rgb(255, 191, 71)');
      await page.keyboard.press('Enter');
      await page.waitForURL(`${base}/staff/reviews`);
      expect(await flash(page)).toContain('Your vote is recorded');
    });
    // The second approves: quorum reached.
    await withPage(async (page) => {
      await signIn(page, board[1], path);
      expect(await page.locator('main').textContent()).toContain('Tests pass; the man page is there.');
      await page.getByLabel('Approve').check();
      await page.getByRole('button', { name: 'Send my vote' }).click();
      await page.waitForURL(`${base}/staff/reviews`);
      await page.goto(`${base}${path}`);
      expect(await page.locator('main').textContent()).toContain('Approved');
    });
    const [row] = await ds.query(`SELECT status FROM milestones WHERE id = $1`, [milestoneId]);
    expect(row.status).toBe('approved');
    const votes = await ds.query(`SELECT decision FROM milestone_reviews WHERE milestone_id = $1 ORDER BY created_at`, [milestoneId]);
    expect(votes.map((v: { decision: string }) => v.decision)).toEqual(['recused', 'approve', 'approve']);
    process.stdout.write(`R9 staff board journey: recusal → approve (keyboard only) → approve = ${row.status}\n`);
  }, 120_000);

  it('an admin retries a failed email', async () => {
    const [email] = await ds.query(`SELECT id FROM email_outbox ORDER BY created_at LIMIT 1`);
    await ds.query(`UPDATE email_outbox SET status = 'failed', last_error = '550 5.1.1 mailbox unavailable', attempts = 8 WHERE id = $1`, [email.id]);
    await withPage(async (page) => {
      await signIn(page, admin, '/staff');
      expect(await page.locator('main').textContent()).toMatch(/\d+ emails failed/);
      await page.getByRole('link', { name: 'Open the delivery log' }).click();
      const row = page.locator('tbody tr', { hasText: '550 5.1.1 mailbox unavailable' });
      await row.getByRole('button', { name: /^Retry/ }).click();
      await page.waitForURL(`${base}/staff/emails`);
      expect(await flash(page)).toContain('queued again');
    });
    const [after] = await ds.query(`SELECT status, attempts FROM email_outbox WHERE id = $1`, [email.id]);
    expect(after).toEqual({ status: 'queued', attempts: 0 });
  }, 60_000);

  it('axe-core: 0 serious or critical violations on every staff page in both languages', async () => {
    const problems: string[] = [];
    const shots = screenshotDir();
    const visits: { user: User | null; name: string; path: string }[] = [
      { user: null, name: 'login', path: '/login' },
      { user: admin, name: 'home-admin', path: '/staff' },
      { user: admin, name: 'emails', path: '/staff/emails' },
      { user: admin, name: 'audit', path: '/staff/audit?verify=1' },
      { user: treasurer, name: 'home-treasurer', path: '/staff' },
      { user: treasurer, name: 'month', path: `/staff/month/${MONTH}` },
      { user: treasurer, name: 'month-open', path: '/staff/month/2019-08' },
      { user: board[0], name: 'home-board', path: '/staff' },
      { user: board[0], name: 'reviews', path: '/staff/reviews' },
      { user: board[0], name: 'review', path: `/staff/reviews/${milestoneId}` },
      { user: board[0], name: 'forbidden', path: '/staff/month/2019-07' },
    ];
    // Each user signs in through the form once per language; that page then visits the pages below.
    const signedIn = new SignedInPages(browser, base);
    for (const lang of LANGS) {
      for (const { user, name, path } of visits) {
        const check = async (page: Page) => {
          await page.goto(`${base}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
          expect(await page.getAttribute('html', 'lang')).toBe(lang);
          const result = await axeAnalyze(page);
          for (const v of result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'))
            problems.push(`${name} (${lang}): ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
          if (shots && lang === 'en') await page.screenshot({ path: join(shots, `staff-${name}.png`), fullPage: true });
        };
        await (user ? signedIn.withPage(user, lang, check) : withPage(check));
      }
    }
    process.stdout.write(`R9 staff pages: ${visits.length} pages × 2 languages, ${problems.length} serious or critical\n`);
    expect(problems).toEqual([]);
  }, 300_000);
});
