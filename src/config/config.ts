import { ConfigModule } from '@nestjs/config';
import type { DynamicModule } from '@nestjs/common';
import { EnvironmentVariables, validateEnv } from './env.validation.js';

/** Where the server listens and what it is allowed to take. */
export interface AppConfig {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  host: string;
  /** Base of absolute links, without a trailing slash. */
  url: string;
  bodyLimitBytes: number;
  importMaxBytes: number;
  loginRateLimitPerMinute: number;
  publicRateLimitPerMinute: number;
  seedDemo: 'auto' | '0' | '1';
}

export interface DatabaseConfig {
  /** Unset: the embedded PostgreSQL in `dataDir`. */
  url?: string;
  embedded: boolean;
  dataDir: string;
  poolMax: number;
  /** Apply pending migrations at start-up; otherwise only check that none is pending. */
  migrationsRun: boolean;
}

export interface LoggingConfig {
  level: string;
  /** `auto` resolved: coloured lines for a person at a terminal, JSON for everything else. */
  format: 'pretty' | 'json';
}

export interface AdminConfig {
  email: string;
  /** Unset: a password is generated for the first admin and shown once. */
  password?: string;
}

export interface MailConfig {
  smtpUrl?: string;
  from: string;
  /** Where `.eml` files go without SMTP_URL. */
  dir: string;
}

/** The typed namespaces, read with `config.getOrThrow('database.embedded', { infer: true })`. */
export interface AllConfig {
  app: AppConfig;
  database: DatabaseConfig;
  logging: LoggingConfig;
  admin: AdminConfig;
  mail: MailConfig;
}

/** The validated environment (flat, as `EnvironmentVariables` names it) and its namespaces. */
export type Configuration = AllConfig & { env: EnvironmentVariables };

/**
 * Reads and validates the configuration once; everything else (main, the banner, logging, the
 * database mode, every service through ConfigService) uses what this returns. Throws a
 * ConfigurationError naming each wrong variable and its rule, never its value.
 */
export function loadConfig(raw: Record<string, string | undefined> = process.env, stdoutIsTty = process.stdout.isTTY === true): Configuration {
  const env = validateEnv(raw);
  return {
    env,
    app: {
      nodeEnv: env.NODE_ENV,
      port: env.PORT,
      host: env.HOST,
      url: env.APP_URL!,
      bodyLimitBytes: env.BODY_LIMIT_BYTES,
      importMaxBytes: env.IMPORT_MAX_BYTES,
      loginRateLimitPerMinute: env.LOGIN_RATE_LIMIT_PER_MINUTE,
      publicRateLimitPerMinute: env.PUBLIC_RATE_LIMIT_PER_MINUTE,
      seedDemo: env.SEED_DEMO,
    },
    database: {
      url: env.DATABASE_URL,
      embedded: !env.DATABASE_URL,
      dataDir: env.DATA_DIR,
      poolMax: env.DATABASE_POOL_MAX,
      migrationsRun: env.MIGRATIONS_RUN === 'true',
    },
    logging: {
      level: env.LOG_LEVEL,
      format: env.LOG_FORMAT === 'auto' ? (stdoutIsTty ? 'pretty' : 'json') : env.LOG_FORMAT,
    },
    admin: { email: env.ADMIN_EMAIL ?? 'admin@coffer.local', password: env.ADMIN_PASSWORD },
    mail: { smtpUrl: env.SMTP_URL, from: env.MAIL_FROM, dir: env.MAIL_DIR },
  };
}

/**
 * The global ConfigModule over an already validated configuration: the namespaces, plus the
 * flat variables for services that read `config.get('APP_URL')`. Neither `.env` nor the
 * environment is read again (`skipProcessEnv`), so there is one source.
 */
export function configModule(config: Configuration): Promise<DynamicModule> {
  const { env, ...namespaces } = config;
  return ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, skipProcessEnv: true, load: [() => ({ ...env, ...namespaces })] });
}
