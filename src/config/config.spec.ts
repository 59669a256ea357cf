import { loadConfig } from './config.js';

describe('configuration namespaces', () => {
  it('derives the database mode, migrations and log format from the variables', () => {
    const embedded = loadConfig({}, true);
    expect(embedded.database).toMatchObject({ embedded: true, migrationsRun: true, dataDir: './data' });
    expect(embedded.logging).toEqual({ level: 'info', format: 'pretty' });
    expect(embedded.app).toMatchObject({ port: 3000, url: 'http://localhost:3000', host: '127.0.0.1' });
    expect(embedded.admin).toEqual({ email: 'admin@coffer.local', password: undefined });

    const shared = loadConfig({ DATABASE_URL: 'postgres://u@db/coffer', JWT_SECRET: 'x'.repeat(32), PORT: '8080' }, true);
    expect(shared.database).toMatchObject({ embedded: false, migrationsRun: false, url: 'postgres://u@db/coffer' });
    expect(shared.app.url).toBe('http://localhost:8080');
  });

  it.each([
    [{}, false, 'json'],
    [{}, true, 'pretty'],
    [{ LOG_FORMAT: 'json' }, true, 'json'],
    [{ LOG_FORMAT: 'pretty' }, false, 'pretty'],
  ])('%j with a terminal: %s → %s logs', (raw, tty, format) => {
    expect(loadConfig(raw, tty).logging.format).toBe(format);
  });

  it('MIGRATIONS_RUN=true lets an instance on DATABASE_URL migrate', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@db/c', JWT_SECRET: 'x'.repeat(32), MIGRATIONS_RUN: 'true' }).database.migrationsRun).toBe(true);
  });
});
