import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { OutboxWorker } from '../../src/email/outbox-worker.service.js';
import { UnsubscribeService } from '../../src/email/unsubscribe.service.js';
import { StripeFake } from '../fakes/stripe-fake.js';
import { seedDemo } from '../../src/demo/demo-seed.js';
import { activeGrant, grantBody, interestBody, outboxFor, uniqueEmail } from '../grants/helpers.js';
import { createTestApp, TestApp } from '../setup/test-app.js';
import { AXE_TAGS, axeAnalyze, emlTextFor, freePort, launchChromium, preloadAxe, screenshotDir } from './browser-kit.js';

const LANGS = ['en', 'de'] as const;

/**
 * R9: the public pages in a real headless Chromium. Journeys as an applicant (German), a grantee
 * and a donor; axe-core on every page in both languages; the interest form by keyboard alone;
 * every page at 320 px and at 200 % zoom without horizontal scrolling.
 */
describe('R9 public pages in headless Chromium', () => {
  let t: TestApp;
  let fake: StripeFake;
  let browser: Browser;
  let base: string;
  const mailDir = join(process.env.MAIL_DIR!, 'pages-e2e');
  /** Every public page once, with real tokens. */
  let pages: { name: string; path: string }[];

  beforeAll(async () => {
    fake = await StripeFake.start();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    t = await createTestApp(
      {
        APP_URL: base,
        SMTP_URL: '',
        MAIL_DIR: mailDir,
        STRIPE_SECRET_KEY: 'sk_test_pages',
        STRIPE_API_BASE: fake.url,
        PUBLIC_RATE_LIMIT_PER_MINUTE: '100000',
      },
      { port },
    );
    browser = await launchChromium();

    const admin = await t.userWith('admin');
    // Screenshots for docs/ show the demo data a first start loads.
    if (screenshotDir()) await seedDemo(t.app, admin.id);
    // An applicant whose interest became a grant application: the status page shows both.
    const interest = interestBody();
    const { body: created } = await t.http.post('/api/v1/interest').send(interest).expect(202);
    for (const status of ['reviewing', 'shortlisted', 'invited']) await t.http.post(`/api/v1/interest/${created.id}/status`).set(admin.auth).send({ status }).expect(200);
    const application = await t.http
      .post('/api/v1/grants')
      .set(admin.auth)
      .send(grantBody({ interestId: created.id, applicant: { name: interest.name, email: interest.email } }))
      .expect(201);
    await t.http.post(`/api/v1/grants/${application.body.id}/status`).set(admin.auth).send({ status: 'submitted' }).expect(200);
    const [ack] = await outboxFor(t, interest.email);
    const grant = await activeGrant(t, admin.auth);
    const unsubscribe = [...(await t.app.get(UnsubscribeService).linksFor([{ email: 'sponsor@example.org', category: 'updates' }])).values()][0];
    pages = [
      { name: 'home', path: '/' },
      { name: 'interest', path: '/interest' },
      { name: 'interest-thanks', path: '/interest/thanks' },
      { name: 'status', path: new URL(String(ack.props.statusUrl)).pathname },
      { name: 'grantee', path: `/grantee/${grant.token}` },
      { name: 'donate', path: '/donate' },
      { name: 'donate-thanks', path: '/donate/thanks?session=cs_test' },
      { name: 'donate-cancelled', path: '/donate/cancelled' },
      { name: 'jobs', path: '/jobs' },
      { name: 'unsubscribe', path: new URL(unsubscribe).pathname },
      { name: 'not-found', path: '/status/no-such-link' },
    ];
  });
  afterAll(async () => {
    await browser?.close();
    await t.close();
    await fake.stop();
  });

  const withPage = async <T>(options: Parameters<Browser['newContext']>[0], work: (page: Page, context: BrowserContext) => Promise<T>): Promise<T> => {
    const context = await browser.newContext(options);
    try {
      return await work(await context.newPage(), context);
    } finally {
      await context.close();
    }
  };
  const withLang = (path: string, lang: string) => `${base}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`;

  it('an applicant in German: one mistake, then the form goes through, and the emailed link shows the status', async () => {
    const email = uniqueEmail('browser');
    await withPage({ locale: 'de-DE', extraHTTPHeaders: { 'Accept-Language': 'de-DE,de;q=0.9' } }, async (page) => {
      await page.goto(`${base}/interest`);
      expect(await page.getAttribute('html', 'lang')).toBe('de');
      await page.getByLabel('Ihr Name').fill('Ada Lovelace');
      await page.getByLabel('E-Mail-Adresse').fill(email);
      await page.getByLabel('Unix-Signale').check();
      await page.getByLabel(/Ich bin einverstanden/).check();
      await page.getByRole('button', { name: 'Vorschlag senden' }).click();

      // The mistake: no idea given. Summary at the top, message next to the field, typing kept.
      await page.waitForURL(`${base}/interest`);
      expect(await page.title()).toMatch(/^Fehler: /);
      const summary = page.getByRole('alert');
      expect(await summary.textContent()).toContain('Bitte ausfüllen: Idee');
      expect(await page.locator('#f-summary-error').textContent()).toContain('Bitte ausfüllen: Idee');
      expect(await page.getByLabel('Ihr Name').inputValue()).toBe('Ada Lovelace');
      expect(await page.getByLabel('Unix-Signale').isChecked()).toBe(true);
      await summary.getByRole('link').first().click();
      expect(await page.evaluate<string>('document.activeElement?.id')).toBe('f-summary');

      await page.getByLabel('Ihre Idee').fill('POSIX-Signale im Redox-Kernel.');
      await page.getByRole('button', { name: 'Vorschlag senden' }).click();
      await page.waitForURL(`${base}/interest/thanks`);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Danke');

      await t.app.get(OutboxWorker).drain();
      const statusUrl = /(http:\/\/127\.0\.0\.1:\d+\/status\/[A-Za-z0-9_-]{43})/.exec(emlTextFor(mailDir, email))![1];
      await page.goto(statusUrl);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Stand Ihres Vorschlags');
      expect(await page.locator('.tag').first().textContent()).toBe('Eingegangen');
    });
  });

  it('a grantee submits evidence for a milestone', async () => {
    const admin = await t.userWith('admin');
    const grant = await activeGrant(t, admin.auth);
    await withPage({}, async (page) => {
      await page.goto(`${base}/grantee/${grant.token}`);
      await page.locator('#f-evidence-1').fill('https://gitlab.example.org/redox/kernel/-/merge_requests/1');
      await page.locator('#f-note-1').fill('Merged.');
      await page.getByRole('button', { name: 'Submit milestone 1' }).click();
      await page.waitForURL(/submitted=/);
      expect(await page.getByRole('status').textContent()).toContain('milestone 1 has been submitted');
      expect(await page.locator('#milestone-1 .tag').textContent()).toBe('Submitted, waiting for review');
    });
  });

  it("a donor reaches the Stripe fake's Checkout page", async () => {
    await withPage({}, async (page) => {
      await page.goto(`${base}/donate`);
      await page.getByLabel('25', { exact: true }).check();
      await page.getByLabel('Every month').check();
      await page.getByLabel(/^Fund/).selectOption('rsoc');
      // The browser resolves no name but 127.0.0.1 (launchChromium), so it goes no further than
      // asking for Checkout's address; the request shows it was sent there by the form's answer.
      // (Playwright does not route a redirect's next request, so it cannot be answered here.)
      const checkout = page.waitForRequest(/^https:\/\/checkout\.stripe\.com\//);
      await page.getByRole('button', { name: 'Continue to payment' }).click();
      const request = await checkout;
      const reached = request.url();
      expect(reached).toMatch(/^https:\/\/checkout\.stripe\.com\/c\/pay\/cs_/);
      expect(request.redirectedFrom()?.url()).toBe(`${base}/donate`);
      const session = [...fake.objects.values()].find((o) => o.url === reached)!;
      expect(session._form).toMatchObject({ mode: 'subscription', 'metadata[fund]': 'rsoc', 'line_items[0][price_data][unit_amount]': '2500' });
    });
  });

  it("axe-core: the kit's check (legacy mode on a page without frames) gives the default mode's outcome for every rule", async () => {
    await withPage({ viewport: { width: 1024, height: 800 } }, async (page) => {
      // As the page checks run it: axe loaded with the page (preloadAxe), run in the page.
      await preloadAxe(page.context());
      await page.goto(withLang('/interest', 'de'));
      await page.locator('button[type=submit]').click();
      await page.waitForSelector('.error-summary');
      expect(await page.evaluate<boolean>(`typeof window.axe === 'object'`)).toBe(true);
      type Result = Awaited<ReturnType<typeof axeAnalyze>>;
      const kinds = ['violations', 'passes', 'incomplete', 'inapplicable'] as const;
      const rules = (r: Result) => kinds.map((kind) => r[kind].map((rule) => `${kind} ${rule.id} ${rule.impact}`).sort());
      const violatingNodes = (r: Result) => r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`).sort();
      // Two planted violations (an image without a text alternative, a field without a label), so
      // that the comparison below also covers the nodes a violation names.
      await page.evaluate(`document.querySelector('main').insertAdjacentHTML('beforeend', '<img src="/no-such.png"><input type="text" name="unlabelled">')`);
      const kit = await axeAnalyze(page);
      // axe's default mode (runPartial per frame, then finishRun), detailing every node of every rule.
      const standard = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
      expect(page.frames()).toHaveLength(1);
      expect(kit.passes.length).toBeGreaterThan(20);
      // Every rule has the same outcome and every violation names the same nodes; only the nodes
      // of the rules that passed (which no check reads) are left undetailed by AXE_OPTIONS.
      expect(rules(kit)).toEqual(rules(standard));
      expect(violatingNodes(kit)).toEqual(violatingNodes(standard));
      expect(violatingNodes(kit)).toEqual(expect.arrayContaining([expect.stringMatching(/^image-alt: /), expect.stringMatching(/^label: /)]));
      expect(standard.passes.some((rule) => rule.nodes.length > 1)).toBe(true);
      process.stdout.write(
        `axe kit check: ${kit.violations.length} rules violated (any impact), ${kit.passes.length} passed, same rule outcomes and violating nodes as the default mode detailing every node\n`,
      );
    });
  });

  it('fills the interest form with the keyboard alone', async () => {
    await withPage({}, async (page) => {
      await page.goto(`${base}/interest`);
      const focused = () => page.evaluate<string>("document.activeElement?.id || document.activeElement?.className || ''");
      const tabTo = async (target: string) => {
        for (let i = 0; i < 80 && (await focused()) !== target; i++) await page.keyboard.press('Tab');
        expect(await focused()).toBe(target);
      };
      await page.keyboard.press('Tab');
      expect(await focused()).toBe('skip-link');
      expect((await page.locator('.skip-link').boundingBox())!.x).toBeGreaterThanOrEqual(0);
      await page.keyboard.press('Enter');
      expect(await focused()).toBe('main');
      await tabTo('f-name');
      await page.keyboard.type('Kim Keyboard');
      await tabTo('f-email');
      await page.keyboard.type(uniqueEmail('keys'));
      await tabTo('f-areas-0');
      await page.keyboard.press('Space');
      await tabTo('f-summary');
      await page.keyboard.type('Only the keyboard.');
      await tabTo('f-consent');
      await page.keyboard.press('Space');
      await tabTo('button');
      const outline = await page.evaluate<string>('getComputedStyle(document.activeElement).backgroundColor');
      expect(outline).toBe('rgb(255, 191, 71)'); // the focus colour, so focus is visible
      await page.keyboard.press('Enter');
      await page.waitForURL(`${base}/interest/thanks`);
    });
  });

  it('axe-core: 0 serious or critical violations on every page in both languages', async () => {
    const problems: string[] = [];
    const shots = screenshotDir();
    for (const lang of LANGS) {
      await withPage({ viewport: { width: 1024, height: 800 } }, async (page) => {
        await preloadAxe(page.context());
        for (const { name, path } of pages) {
          await page.goto(withLang(path, lang));
          expect(await page.getAttribute('html', 'lang')).toBe(lang);
          const result = await axeAnalyze(page);
          for (const v of result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'))
            problems.push(`${name} (${lang}): ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
          if (shots) await page.screenshot({ path: join(shots, `${name}-${lang}.png`), fullPage: true });
        }
        // The form with its errors shown is a page too.
        await page.goto(withLang('/interest', lang));
        await page.locator('button[type=submit]').click();
        await page.waitForSelector('.error-summary');
        const errors = await axeAnalyze(page, ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']);
        for (const v of errors.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')) problems.push(`interest-errors (${lang}): ${v.id}`);
        if (shots) await page.screenshot({ path: join(shots, `interest-errors-${lang}.png`), fullPage: true });
      });
    }
    process.stdout.write(`R9 pages: ${pages.length + 1} pages × 2 languages, ${problems.length === 0 ? 0 : problems.length} serious or critical\n`);
    expect(problems).toEqual([]);
  }, 300_000);

  it('no page scrolls sideways at 320 px or at 200 % zoom', async () => {
    const wide: string[] = [];
    const shots = screenshotDir();
    // 200 % zoom of a 1280 px window lays out like a 640 px one.
    for (const width of [320, 640]) {
      await withPage({ viewport: { width, height: 700 } }, async (page) => {
        for (const { name, path } of pages) {
          await page.goto(withLang(path, 'de'));
          const [scroll, client] = await page.evaluate<[number, number]>('[document.documentElement.scrollWidth, document.documentElement.clientWidth]');
          if (scroll > client) wide.push(`${name} at ${width}px: ${scroll} > ${client}`);
          if (shots && width === 320 && (name === 'interest' || name === 'home')) await page.screenshot({ path: join(shots, `${name}-de-320px.png`), fullPage: true });
        }
      });
    }
    process.stdout.write(`R9 reflow: ${pages.length} pages at 320 px and 640 px (200 % zoom), ${wide.length} with horizontal scrolling\n`);
    expect(wide).toEqual([]);
  }, 180_000);
});
