import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { StripeFake } from '../fakes/stripe-fake.js';
import { axeAnalyze, freePort, launchChromium, outcomeText, screenshotDir, SignedInPages, withContextPage } from '../pages/browser-kit.js';
import { at, importBank, SECRET, webhook, type World } from '../reconciliation/helpers.js';
import { createTestApp, TestApp, TEST_PASSWORD } from '../setup/test-app.js';

type User = Awaited<ReturnType<TestApp['userWith']>>;
const MONTH = '2016-09';
const LANGS = ['en', 'de'] as const;

/**
 * R9 for the board's sponsor updates, the admin's users and the month page's manual match and
 * acknowledgement, in headless Chromium: a board member drafts (one mistake first), previews and
 * sends an update; an admin changes a user's roles; axe-core on every page in both languages.
 */
describe('R9 staff admin pages in headless Chromium', () => {
  let t: TestApp;
  let fake: StripeFake;
  let ds: DataSource;
  let browser: Browser;
  let base: string;
  let admin: User;
  let treasurer: User;
  let board: User;
  let fundCode: string;
  let draftId: string;
  let sentId: string;
  let target: User;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    fake = await StripeFake.start();
    t = await createTestApp(
      {
        APP_URL: base,
        SMTP_URL: '',
        LOGIN_RATE_LIMIT_PER_MINUTE: '10000',
        PUBLIC_RATE_LIMIT_PER_MINUTE: '100000',
        STRIPE_WEBHOOK_SECRET: SECRET,
        STRIPE_SECRET_KEY: 'sk_test_staff_admin',
        STRIPE_API_BASE: fake.url,
      },
      { port },
    );
    ds = t.app.get(DataSource);
    browser = await launchChromium();
    admin = await t.userWith('admin');
    treasurer = await t.userWith('treasurer');
    board = await t.userWith('board');
    target = await t.userWith('treasurer');
    // A fund of this spec alone with one sponsor who gave to it in 2016-09: the update's audience.
    fundCode = `sab-${randomUUID().slice(0, 8)}`;
    await t.http.post('/api/v1/funds').set(admin.auth).send({ code: fundCode, name: 'Signals work' }).expect(201);
    await t.http
      .post('/api/v1/donations')
      .set(treasurer.auth)
      .send({ channel: 'bank', amount: 2500, currency: 'EUR', receivedAt: `${MONTH}-02`, fund: fundCode, sponsor: { name: 'Ida Innig', email: `sab-${randomUUID()}@example.org` } })
      .expect(201);
    // The month: a hand-recorded donation and its credit (to match by hand), a charge Stripe never settled (to acknowledge).
    const w = { t, fake, ds, auth: treasurer.auth } as unknown as World;
    await t.http
      .post('/api/v1/donations')
      .set(treasurer.auth)
      .send({ channel: 'bank', amount: 8800, currency: 'EUR', receivedAt: `${MONTH}-05`, sponsor: { name: 'Otto Ordner', email: `sab-${randomUUID()}@example.org` } })
      .expect(201);
    await importBank(w, [{ date: `${MONTH}-25`, amount: '88,00', counterparty: 'Otto Ordner', description: 'Spende September' }]);
    await webhook(w, 'charge.succeeded', fake.charge({ amount: 3100, currency: 'EUR', fee: 90, created: at(`${MONTH}-12T09:00:00Z`), email: `sab-${randomUUID()}@example.org` }));
    await t.http
      .post('/api/v1/reconciliation/runs')
      .set(treasurer.auth)
      .send({ from: `${MONTH}-01`, to: `${MONTH}-30` })
      .expect(201);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await fake?.stop();
  });

  const withPage = <T>(work: (page: Page) => Promise<T>, options?: Parameters<Browser['newContext']>[0]) => withContextPage(browser, work, options);
  const signIn = async (page: Page, user: User, path: string, lang = 'en') => {
    await page.goto(`${base}/login?lang=${lang}&next=${encodeURIComponent(path)}`);
    await page.locator('#f-email').fill(user.email);
    await page.locator('#f-password').fill(TEST_PASSWORD);
    await page.locator('#f-password').press('Enter');
    await page.waitForURL(`${base}${path}`, { timeout: 5000 }).catch(async (e) => {
      throw new Error(`${page.url()} ${await page.locator('main').textContent()} ${e}`);
    });
  };
  const flash = outcomeText;

  it('a board member drafts an update (one mistake first), previews it and sends it once', async () => {
    const steps: string[] = [];
    await withPage(async (page) => {
      await signIn(page, board, '/staff/updates');
      await page.getByLabel(/^Text/).first().fill('## Signals\n\nSignals now work **everywhere**.');
      await page.getByLabel('Who receives it').selectOption(`fund:${fundCode}`);
      await page.getByRole('button', { name: 'Save the draft' }).click();
      // The mistake: no subject. The error sits next to the field, the text is kept.
      expect(await page.title()).toMatch(/^Error: /);
      const field = page.locator('.field', { has: page.locator('#f-subject') });
      expect(await field.locator('.field-error').textContent()).toContain('Enter a subject');
      expect(await page.getAttribute('#f-subject', 'aria-describedby')).toContain('f-subject-error');
      expect(await page.locator('#f-body').inputValue()).toBe('## Signals\n\nSignals now work **everywhere**.');
      await page
        .getByRole('alert')
        .getByRole('link', { name: /Enter a subject/ })
        .click();
      expect(await page.evaluate<string>('document.activeElement?.id')).toBe('f-subject');
      steps.push('mistake shown at the field, text kept');

      await page.locator('#f-subject').fill('Signals everywhere');
      await page.getByRole('button', { name: 'Save the draft' }).click();
      await page.waitForURL(/\/staff\/updates\/[0-9a-f-]{36}$/);
      expect(await flash(page)).toContain('The draft is saved');
      sentId = page.url().split('/').pop()!;
      const preview = page.locator('section', { has: page.locator('#h-preview') });
      expect(await preview.textContent()).toContain('Signals everywhere');
      expect(await preview.locator('.email-preview').textContent()).toContain('Signals now work everywhere.');
      expect(await page.locator('main').textContent()).toContain('Sending now reaches 1 sponsor ');
      steps.push('draft saved, previewed (subject and text part)');

      // The HTML part on its own sandboxed page.
      const html = await page.request.get(`${base}/staff/updates/${sentId}/preview?lang=en`);
      expect(html.headers()['content-security-policy']).toContain('sandbox');
      expect(await html.text()).toContain('<strong>everywhere</strong>');

      await page.getByRole('button', { name: 'Send the update' }).click();
      expect(await page.getByRole('alert').textContent()).toContain('Tick the box');
      await page.getByLabel('Yes, send it to 1 sponsor now').check();
      await page.getByRole('button', { name: 'Send the update' }).click();
      await page.waitForURL(`${base}/staff/updates/${sentId}`);
      expect(await flash(page)).toContain('The update is sent');
      expect(await page.locator('main').textContent()).toContain('1 email was queued when it was sent.');
      expect(await page.getByRole('button', { name: 'Send the update' }).count()).toBe(0);
      steps.push('sent after confirming (1 email queued), no second send offered');
    });
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM email_outbox WHERE dedupe_key LIKE $1`, [`update:${sentId}:%`]);
    expect(n).toBe(1);
    process.stdout.write(`R9 staff board update journey: ${steps.join(' → ')}\n`);
  }, 120_000);

  it("an admin changes a user's roles", async () => {
    await withPage(async (page) => {
      await signIn(page, admin, '/staff/users');
      await page.goto(`${base}/staff/users/${target.id}`);
      expect(await page.locator('h1').textContent()).toBe('User Test treasurer');
      await page.getByLabel('Board', { exact: true }).check();
      await page.getByLabel('Treasurer', { exact: true }).uncheck();
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.waitForURL(`${base}/staff/users`);
      expect(await flash(page)).toContain('The user is saved');
      // The list may run to many pages in a shared test database: read the saved roles on her page.
      await page.goto(`${base}/staff/users/${target.id}`);
      expect(await page.getByLabel('Board', { exact: true }).isChecked()).toBe(true);
      expect(await page.getByLabel('Treasurer', { exact: true }).isChecked()).toBe(false);
    });
    const [row] = await ds.query(`SELECT roles FROM users WHERE id = $1`, [target.id]);
    expect(row.roles).toEqual(['board']);
    process.stdout.write(`R9 staff admin users journey: treasurer → board saved\n`);
  }, 60_000);

  it('axe-core: 0 serious or critical violations on every page built here, in both languages', async () => {
    // A draft to show with its edit form and preview (the sent one shows its delivery).
    const draft = await t.http
      .post('/api/v1/updates')
      .set(board.auth)
      .send({
        subject: 'Winter plans',
        body: 'Plans for **winter**:\n\n- drivers\n- docs',
        audience: `fund:${fundCode}`,
        translations: { de: { subject: 'Winterpläne', body: 'Pläne für den **Winter**.' } },
      })
      .expect(201);
    draftId = draft.body.id;
    const problems: string[] = [];
    const shots = screenshotDir();
    const visits: { user: User; name: string; path: string; post?: boolean; narrow?: boolean }[] = [
      { user: board, name: 'updates', path: '/staff/updates', narrow: true },
      { user: board, name: 'updates-errors', path: '/staff/updates', post: true },
      { user: board, name: 'update', path: `/staff/updates/${draftId}`, narrow: true },
      { user: board, name: 'update-de-preview', path: `/staff/updates/${draftId}?preview=de` },
      { user: board, name: 'update-sent', path: `/staff/updates/${sentId}` },
      { user: treasurer, name: 'updates-treasurer', path: '/staff/updates' },
      { user: admin, name: 'users', path: '/staff/users', narrow: true },
      { user: admin, name: 'user', path: `/staff/users/${target.id}` },
      { user: treasurer, name: 'month-actions', path: `/staff/month/${MONTH}`, narrow: true },
    ];
    // Each user signs in through the form once per language; that page then visits the pages below.
    const signedIn = new SignedInPages(browser, base);
    for (const lang of LANGS) {
      for (const { user, name, path, post, narrow } of visits) {
        for (const width of narrow && shots && lang === 'en' ? [1100, 320] : [1100]) {
          await signedIn.withPage(
            user,
            lang,
            async (page) => {
              await page.goto(`${base}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
              if (post) await page.locator('form[action="/staff/updates"] button[type="submit"]').click();
              expect(await page.getAttribute('html', 'lang')).toBe(lang);
              if (width === 1100) {
                const result = await axeAnalyze(page);
                for (const v of result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'))
                  problems.push(`${name} (${lang}): ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
              } else {
                const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
                if (overflow > 0) problems.push(`${name} at 320 px: ${overflow} px of horizontal scrolling`);
              }
              if (shots && lang === 'en') await page.screenshot({ path: join(shots, `staff-${name}${width === 320 ? '-320px' : ''}.png`), fullPage: true });
            },
            { viewport: { width, height: 900 } },
          );
        }
      }
    }
    process.stdout.write(`R9 staff admin pages: ${visits.length} pages × 2 languages, ${problems.length} serious or critical\n`);
    expect(problems).toEqual([]);
  }, 400_000);
});
