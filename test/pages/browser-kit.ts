import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';

/** Debian's chromium (`apt-get install chromium`, as `.ci/run` does), headless and quiet. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/**
 * A free loopback port, so APP_URL (and the links in emails) can name it before the app starts.
 * Chosen below Linux's ephemeral range (32768+): a port the kernel handed out for binding to
 * port 0 could be handed to any other process's outgoing connection or `listen(0)` before the
 * app binds it (seen: EADDRINUSE when two test runs shared a machine). Below the range only an
 * explicit bind can take it, and a port another run holds is skipped.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (await bindable(port)) return port;
  }
  throw new Error('no free loopback port between 20000 and 32000');
}

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
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
