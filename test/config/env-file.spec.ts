import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const CONFIG = pathToFileURL(resolve('dist/src/config/config.js')).href;
const ENV_FILE = pathToFileURL(resolve('dist/src/config/env-file.js')).href;

/** The configuration a process started in `cwd` resolves, exactly as main.ts reads it. */
function resolvedIn(cwd: string, env: Record<string, string>): unknown {
  const script = `const { loadDotEnv } = await import(${JSON.stringify(ENV_FILE)});
const { loadConfig } = await import(${JSON.stringify(CONFIG)});
loadDotEnv();
const { env, ...namespaces } = loadConfig(process.env, false);
process.stdout.write(JSON.stringify(namespaces));`;
  // Only PATH from this process: the test run's own variables (DATABASE_URL…) must not leak in.
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd, env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' });
  return JSON.parse(out);
}

describe('.env and the environment', () => {
  const settings = {
    PORT: '4123',
    APP_URL: 'https://office.example.org',
    DATABASE_URL: 'postgres://coffer:pw@db.example.org:5432/coffer',
    JWT_SECRET: 'a-shared-secret-of-at-least-32-characters',
    LOG_FORMAT: 'json',
    LOG_LEVEL: 'warn',
    ADMIN_EMAIL: 'treasurer@example.org',
    SMTP_URL: 'smtp://mail.example.org:587',
    SEED_DEMO: '0',
  };
  const withFile = mkdtempSync(join(tmpdir(), 'coffer-envfile-'));
  const withoutFile = mkdtempSync(join(tmpdir(), 'coffer-envfile-'));
  writeFileSync(
    join(withFile, '.env'),
    Object.entries(settings)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n') + '\n',
  );
  afterAll(() => {
    rmSync(withFile, { recursive: true, force: true });
    rmSync(withoutFile, { recursive: true, force: true });
  });

  it('a setting in .env has exactly the effect of the same variable in the environment', () => {
    const fromFile = resolvedIn(withFile, {});
    const fromEnvironment = resolvedIn(withoutFile, settings);
    expect(fromFile).toEqual(fromEnvironment);
    expect(fromFile).toMatchObject({
      app: { port: 4123, url: 'https://office.example.org' },
      database: { embedded: false, migrationsRun: false },
      logging: { level: 'warn', format: 'json' },
    });
  });

  it('the environment wins over .env', () => {
    expect(resolvedIn(withFile, { PORT: '5000' })).toMatchObject({ app: { port: 5000 } });
  });

  it('without .env, the defaults of the embedded office', () => {
    expect(resolvedIn(withoutFile, {})).toMatchObject({ app: { port: 3000 }, database: { embedded: true, migrationsRun: true } });
  });
});
