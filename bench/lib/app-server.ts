/**
 * The real Coffer app for a benchmark, in its own process: same factory as `main.ts`,
 * database from DATABASE_URL, prints `READY {"port":…,"token":…}` once listening.
 */
import 'reflect-metadata';
import { createApp } from '../../src/app.factory.js';

const app = await createApp();
await app.listen({ port: 0, host: '127.0.0.1' });
const port = (app.getHttpServer().address() as { port: number }).port;
let token = '';
if (process.env.ADMIN_EMAIL && process.env.ADMIN_PASSWORD) {
  const res = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: process.env.ADMIN_EMAIL, password: process.env.ADMIN_PASSWORD }),
  });
  token = ((await res.json()) as { accessToken: string }).accessToken;
}
process.stdout.write(`READY ${JSON.stringify({ port, token })}\n`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
