import { validateEnv } from './env.validation.js';

describe('configuration', () => {
  it('fills defaults for the embedded default', () => {
    const env = validateEnv({});
    expect(env).toMatchObject({ PORT: 3000, APP_URL: 'http://localhost:3000', DATA_DIR: './data', BASE_CURRENCY: 'EUR', GRANT_REVIEW_QUORUM: 2 });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it.each([
    [{ PORT: 'eighty' }, /^Invalid configuration: PORT: .*integer[^|]*$/],
    [{ PORT: '70000' }, /PORT: PORT must not be greater than 65535/],
    [{ DATABASE_URL: 'mysql://x@y/z' }, /DATABASE_URL: .*URL/],
    [{ BASE_CURRENCY: 'EURO' }, /BASE_CURRENCY/],
    [{ BASE_CURRENCY: 'XYZ' }, /BASE_CURRENCY: BASE_CURRENCY must be an ISO 4217 currency code/],
    [{ JWT_SECRET: 'short' }, /JWT_SECRET: JWT_SECRET must be at least 32 characters/],
    [{ ADMIN_EMAIL: 'not-an-email' }, /ADMIN_EMAIL/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL: LOG_LEVEL must be one of the following values/],
    [{ SMTP_URL: 'http://mail' }, /SMTP_URL/],
    [{ NODE_ENV: 'production', DATABASE_URL: 'postgres://u@h/db' }, /JWT_SECRET: JWT_SECRET is required when DATABASE_URL is set/],
    [{ NODE_ENV: 'development', DATABASE_URL: 'postgres://u@h/db' }, /JWT_SECRET: JWT_SECRET is required when DATABASE_URL is set/],
    [{ LOG_FORMAT: 'xml' }, /LOG_FORMAT: LOG_FORMAT must be one of the following values/],
    [{ MIGRATIONS_RUN: 'yes' }, /MIGRATIONS_RUN/],
  ])('%j stops start-up with a line naming the variable', (raw, message) => {
    expect(() => validateEnv(raw)).toThrow(message);
  });

  it('names every wrong variable at once, on one line', () => {
    let message = '';
    try {
      validateEnv({ PORT: 'x', LOG_LEVEL: 'loud' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('PORT');
    expect(message).toContain('LOG_LEVEL');
    expect(message).not.toContain('\n');
  });

  it('accepts a full production configuration', () => {
    const env = validateEnv({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://coffer:pw@db.internal:5432/coffer',
      JWT_SECRET: 'x'.repeat(40),
      APP_URL: 'https://office.example.org/',
      SMTP_URL: 'smtps://u:p@mail.example.org:465',
      PORT: '8080',
    });
    expect(env).toMatchObject({ PORT: 8080, APP_URL: 'https://office.example.org', MIGRATIONS_RUN: 'false' });
  });

  // Configuration errors end up in CI logs and terminals shared on screen: the variable and
  // the rule, never what was set.
  it.each([
    ['JWT_SECRET', { JWT_SECRET: 'hunter2-but-short' }, 'hunter2-but-short'],
    ['ADMIN_PASSWORD', { ADMIN_PASSWORD: 'tooShort!7' }, 'tooShort!7'],
    ['SMTP_URL', { SMTP_URL: 'ftp://mailer:S3cretSmtpPass@mail.example.org' }, 'S3cretSmtpPass'],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://coffer:S3cretDbPass@db.example.org/coffer' }, 'S3cretDbPass'],
    ['JWT_SECRET', { DATABASE_URL: 'postgres://coffer:S3cretDbPass@db.example.org/coffer' }, 'S3cretDbPass'],
    ['PORT', { PORT: 'my-secret-port', JWT_SECRET: 'short-and-secret' }, 'short-and-secret'],
  ])('an error about %s never contains the value set', (variable, raw, secret) => {
    let message = '';
    try {
      validateEnv(raw);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(`${variable}:`);
    expect(message).not.toContain(secret);
    for (const value of Object.values(raw)) expect(message).not.toContain(value);
  });
});
