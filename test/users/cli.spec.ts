import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { createTestApp, TestApp } from '../setup/test-app.js';

const run = promisify(execFile);
const CLI = resolve('dist/src/cli.js');

describe('npm run cli -- user:create', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const env = () => ({ ...process.env, LOG_LEVEL: 'silent' });

  it('creates a staff user who can then log in', async () => {
    const email = `cli-${Date.now()}@coffer.test`;
    const { stdout } = await run(process.execPath, [CLI, 'user:create', '--email', email, '--name', 'From CLI', '--roles', 'treasurer,board', '--password', 'cli-password-1234'], {
      env: env(),
    });
    expect(JSON.parse(stdout)).toMatchObject({ email, roles: ['treasurer', 'board'] });
    await t.http.post('/api/v1/auth/login').send({ email, password: 'cli-password-1234' }).expect(200);
  });

  // Flags and commands are checked before the application starts: a database nobody listens on
  // would otherwise be the error these answers show.
  const unreachable = () => ({ ...env(), DATABASE_URL: 'postgres://coffer@127.0.0.1:9/nowhere' });

  it('refuses bad flags with the validation message and exit code 1, before connecting anywhere', async () => {
    const failed = await run(process.execPath, [CLI, 'user:create', '--email', 'nope', '--name', 'X', '--roles', 'root', '--password', 'short'], {
      env: unreachable(),
    }).catch((e) => e);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/email must be an email/);
    expect(failed.stderr).toMatch(/roles must be one of/);
  });

  it('prints its usage for an unknown command, before connecting anywhere', async () => {
    const failed = await run(process.execPath, [CLI, 'frobnicate'], { env: unreachable() }).catch((e) => e);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('usage: npm run cli --');
  });
});
