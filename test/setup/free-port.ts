import { createServer } from 'node:net';

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
