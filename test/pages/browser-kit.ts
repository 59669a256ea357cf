import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { AxeResults, RunOptions } from 'axe-core';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Frame, type Page } from 'playwright-core';
import { TEST_PASSWORD } from '../setup/test-app.js';

export { freePort } from '../setup/free-port.js';

/**
 * Debian's headless shell when installed (`apt-get install chromium-headless-shell`, as `.ci/run`
 * does), else Debian's full `chromium` in its headless mode; `CHROMIUM_PATH` names another.
 * The shell is the same Blink and V8 without the full browser's windowing and UI layers, which is
 * what Playwright itself runs for headless Chromium: on one staff spec it took 28 CPU-seconds of
 * Chromium against 71 and the spec 28 s against 48 (docs/performance.md, B8, 1 December, late).
 */
const HEADLESS_SHELL = '/usr/bin/chromium-headless-shell';
const CHROMIUM_EXECUTABLE = process.env.CHROMIUM_PATH ?? (existsSync(HEADLESS_SHELL) ? HEADLESS_SHELL : '/usr/bin/chromium');

/** Headless Chromium, quiet. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_EXECUTABLE,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      // Tests never touch the network: every name but the loopback fails at once, without a DNS query.
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
    ],
  });
}

/** The text part of the .eml sent to this address, quoted-printable decoded. */
export function emlTextFor(mailDir: string, recipient: string): string {
  for (const name of readdirSync(mailDir).filter((f) => f.endsWith('.eml'))) {
    const eml = readFileSync(join(mailDir, name), 'utf8');
    if (!eml.includes(`To: ${recipient}`)) continue;
    const decoded = eml.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    return Buffer.from(decoded, 'latin1').toString('utf8');
  }
  throw new Error(`no .eml to ${recipient} in ${mailDir}`);
}

/** Where screenshots go when asked for (`PAGES_SCREENSHOTS=docs/screenshots`), else nowhere. */
export function screenshotDir(): string | undefined {
  const dir = process.env.PAGES_SCREENSHOTS;
  if (!dir) return undefined;
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Runs `work` in a fresh browser context (its own cookies) at desktop size unless told otherwise, and closes it. */
export async function withContextPage<T>(browser: Browser, work: (page: Page) => Promise<T>, options: BrowserContextOptions = {}): Promise<T> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, ...options });
  try {
    return await work(await context.newPage());
  } finally {
    await context.close();
  }
}

/** The outcome a staff POST left for the page it redirected to (the `role="status"` box), or an error quoting the page. */
export function outcomeText(page: Page): Promise<string | null> {
  return page
    .getByRole('status')
    .textContent({ timeout: 5000 })
    .catch(async () => {
      throw new Error(`no outcome shown on ${page.url()}: ${(await page.locator('main').textContent())?.replace(/\s+/g, ' ').slice(0, 600)}`);
    });
}

/** The axe-core rule sets every page check runs (WCAG 2.1 A and AA, and axe's best practices). */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

/**
 * Every check reads only the violations, so axe details the nodes of those alone (`passes`,
 * `incomplete` and `inapplicable` still list every rule, with one node at most): working out a
 * unique selector for every node that passed was half of axe's run (0.6 → 0.3 s on a staff page).
 */
export const AXE_OPTIONS = { resultTypes: ['violations' as const] };

/** axe-core's own script, for the pages to run it in (the same file `@axe-core/playwright` injects). */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Has every page of this context load axe-core before its own content, so `axeAnalyze` finds it
 * there instead of sending its 550 kB through the DevTools protocol for each check (probe, 24
 * staff pages on one signed-in page, quiet: 358 against 419 ms per check, and 470–566 ms through
 * `AxeBuilder`). axe only defines `window.axe`; it does nothing to a page until it is run.
 */
export async function preloadAxe(context: BrowserContext): Promise<void> {
  await context.addInitScript({ content: AXE_SOURCE });
}

/**
 * axe-core on the page as it stands, in axe's legacy mode (`axe.run` in the page) when the page
 * has no frames, none of ours has: the same rules and options as `@axe-core/playwright`'s default
 * mode, which runs `axe.runPartial` per frame and then `axe.finishRun` in a blank page it opens
 * for each check, injecting axe a second time (7.5 s against 3.0 s per check under load 12,
 * docs/performance.md, B8 1 December (morning)); it is only needed to reach into cross-origin
 * frames, so a page with frames still gets it. axe comes from `preloadAxe` when the context has
 * it, else it is injected here. The kit check in browser.e2e.spec.ts holds the two modes equal.
 */
export async function axeAnalyze(page: Page, tags: string[] = AXE_TAGS): Promise<AxeResults> {
  if (page.frames().length !== 1) return new AxeBuilder({ page }).withTags(tags).options(AXE_OPTIONS).analyze();
  if (!(await page.evaluate<boolean>(`typeof window.axe === 'object'`))) await page.evaluate(AXE_SOURCE);
  // Runs in the page (no DOM types here): globalThis is its window.
  const run = ([tags, options]: readonly [string[], typeof AXE_OPTIONS]) => {
    const win = globalThis as unknown as { axe: { run: AxeRun }; document: unknown };
    return win.axe.run(win.document, { runOnly: { type: 'tag', values: tags }, ...options });
  };
  return page.evaluate(run, [tags, AXE_OPTIONS] as const);
}

type AxeRun = (context: unknown, options: RunOptions) => Promise<AxeResults>;

const DESKTOP = { width: 1100, height: 900 };

/**
 * Staff pages for the page checks, already signed in: each user signs in through the real login
 * form once per language (`/login?lang=…`, which also leaves the language cookie) in a context of
 * its own, and that user's later checks in that language reuse the same page, navigating from
 * one staff page to the next as a person would. A fresh signed-in context per check cost
 * about 0.25 s to create (and 1 s under the suite's load) for nothing the checks look at; the
 * specs' journeys still sign in through the form in fresh contexts themselves.
 */
export class SignedInPages {
  private readonly pages = new Map<string, Promise<Page>>();

  constructor(
    private readonly browser: Browser,
    private readonly base: string,
  ) {}

  /** Runs `work` on `user`'s signed-in page in `lang`, at desktop size unless told otherwise. */
  async withPage<T>(user: { email: string }, lang: string, work: (page: Page) => Promise<T>, options: { viewport?: { width: number; height: number } } = {}): Promise<T> {
    const page = await this.page(user, lang);
    await page.setViewportSize(options.viewport ?? DESKTOP);
    // A lost session would land on the login page and be checked in place of the staff page.
    const signedOut: string[] = [];
    const watch = (frame: Frame) => {
      if (frame === page.mainFrame() && new URL(frame.url()).pathname === '/login') signedOut.push(frame.url());
    };
    page.on('framenavigated', watch);
    try {
      const result = await work(page);
      if (signedOut.length > 0) throw new Error(`${user.email} was sent to ${signedOut[0]}: the sign-in did not hold`);
      return result;
    } finally {
      page.off('framenavigated', watch);
    }
  }

  private page(user: { email: string }, lang: string): Promise<Page> {
    const key = `${user.email} ${lang}`;
    let opened = this.pages.get(key);
    if (!opened) {
      opened = (async () => {
        const context = await this.browser.newContext({ viewport: DESKTOP });
        await preloadAxe(context);
        const page = await context.newPage();
        await page.goto(`${this.base}/login?lang=${lang}`);
        await page.locator('#f-email').fill(user.email);
        await page.locator('#f-password').fill(TEST_PASSWORD);
        await page.locator('#f-password').press('Enter');
        await page.waitForURL(`${this.base}/staff`);
        return page;
      })();
      opened.catch(() => this.pages.delete(key));
      this.pages.set(key, opened);
    }
    return opened;
  }
}
