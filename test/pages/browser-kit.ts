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

/** A free loopback port, so APP_URL (and the links in emails) can name it before the app starts. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
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
