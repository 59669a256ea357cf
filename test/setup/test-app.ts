import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { DataSource } from 'typeorm';
import type TestAgent from 'supertest/lib/agent.js';
import { createApp } from '../../src/app.factory.js';
import { stopEmbeddedDatabase } from '../../src/database/database-url.js';
import { Role, SYSTEM_ACTOR } from '../../src/users/role.js';
import { UsersService } from '../../src/users/users.service.js';
import { freePort } from './free-port.js';

export interface TestApp {
  app: NestFastifyApplication;
  /** Requests to the app, which listens on `url` (127.0.0.1) for the whole file. */
  http: TestAgent;
  url: string;
  port: number;
  /** A new active user with these roles and a bearer token for them. */
  userWith(...roles: Role[]): Promise<{ id: string; email: string; token: string; auth: { Authorization: string } }>;
  close(): Promise<void>;
}

export const TEST_PASSWORD = 'correct-horse-battery-staple';

/**
 * The real application on the run's test database, with env overrides for this file, listening
 * on a loopback port (`options.port`, or a free one) until `close()`. It listens from the start
 * because supertest, handed a server that is not listening, binds and closes a fresh port for
 * every single request (2.6 s of a 4,000-request file went to `listen` alone).
 */
export async function createTestApp(env: Record<string, string> = {}, options: { port?: number } = {}): Promise<TestApp> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  const app = await createApp();
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  // Rate-limit counters live in the shared database: each test file starts with fresh ones, as a
  // newly started app used to when they were in memory. Likewise the Stripe sync's cursor, one row
  // the files of a Jest worker share: another file's sync of a charge made "now" left it past the
  // older charges of the next file's fake, whose sync then found none of them.
  await app.get(DataSource).query(`DELETE FROM rate_limit_counters`);
  await app.get(DataSource).query(`UPDATE stripe_sync_state SET balance_cursor = 0, payout_cursor = 0, running_since = NULL WHERE id = 1`);
  process.env = saved;
  const port = options.port ?? (await freePort());
  try {
    await app.listen({ port, host: '127.0.0.1' });
  } catch (error) {
    await app.close();
    throw error;
  }
  const url = `http://127.0.0.1:${port}`;
  const http = request(url);

  return {
    app,
    http,
    url,
    port,
    async userWith(...roles: Role[]) {
      const email = `${roles.join('-') || 'user'}-${randomUUID()}@coffer.test`;
      const user = await app.get(UsersService).create({ email, name: `Test ${roles.join(' ')}`, roles, password: TEST_PASSWORD }, SYSTEM_ACTOR);
      const res = await http.post('/api/v1/auth/login').send({ email, password: TEST_PASSWORD }).expect(200);
      const token: string = res.body.accessToken;
      return { id: user.id, email, token, auth: { Authorization: `Bearer ${token}` } };
    },
    async close() {
      await app.close();
      await stopEmbeddedDatabase();
    },
  };
}
