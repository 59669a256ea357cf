import 'reflect-metadata';
import { plainToInstance, Transform } from 'class-transformer';
import { IsEmail, IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, MaxLength, Min, MinLength, validateSync, ValidationError } from 'class-validator';
import { isCurrencyCode } from '../common/money/currency.js';
import { DEFAULT_DATA_DIR } from './defaults.js';

const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value);
const emptyToUndefined = ({ value }: { value: unknown }) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

/**
 * Every setting Coffer reads. `.env.example` documents each one; this class is the
 * single place that decides what a valid value is.
 */
export class EnvironmentVariables {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '127.0.0.1';

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  APP_URL?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsUrl({ require_tld: false, protocols: ['postgres', 'postgresql'], require_protocol: true })
  DATABASE_URL?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  DATABASE_POOL_MAX = 10;

  @IsString()
  DATA_DIR = DEFAULT_DATA_DIR;

  /** Unset: `true` on the embedded database, `false` with DATABASE_URL (run `npm run migration:run` as a release step). */
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsIn(['true', 'false'])
  MIGRATIONS_RUN?: 'true' | 'false';

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(86400)
  JWT_TTL_SECONDS = 900;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsEmail({ require_tld: false })
  ADMIN_EMAIL?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  @MinLength(12, { message: 'ADMIN_PASSWORD must be at least 12 characters' })
  ADMIN_PASSWORD?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  LOGIN_MAX_FAILURES = 5;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1440)
  LOGIN_LOCK_MINUTES = 15;

  /** Staff page sessions (cookie) end after this long without a request. */
  @Transform(toInt)
  @IsInt()
  @Min(5)
  @Max(10080)
  SESSION_IDLE_MINUTES = 480;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_RATE_LIMIT_PER_MINUTE = 20;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  PUBLIC_RATE_LIMIT_PER_MINUTE = 30;

  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(100 * 1024 * 1024)
  BODY_LIMIT_BYTES = 1024 * 1024;

  /** Largest file accepted by POST /api/v1/imports (streamed, never held in memory whole). */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(2 * 1024 * 1024 * 1024)
  IMPORT_MAX_BYTES = 50 * 1024 * 1024;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** auto: coloured lines in a terminal, JSON otherwise (a file, a pipe, a container's log). */
  @IsIn(['auto', 'pretty', 'json'])
  LOG_FORMAT: 'auto' | 'pretty' | 'json' = 'auto';

  @Transform(({ value }) => (typeof value === 'string' ? value.toUpperCase() : value))
  @IsString()
  @MaxLength(3)
  BASE_CURRENCY = 'EUR';

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsUrl({ require_tld: false, protocols: ['smtp', 'smtps'], require_protocol: true })
  SMTP_URL?: string;

  @IsString()
  MAIL_FROM = 'Coffer <coffer@localhost>';

  @IsString()
  MAIL_DIR = './var/mail';

  /** `off` in tests and for instances that should only serve HTTP; another instance sends. */
  @IsIn(['on', 'off'])
  EMAIL_WORKER: 'on' | 'off' = 'on';

  @Transform(toInt)
  @IsInt()
  @Min(50)
  @Max(60_000)
  EMAIL_POLL_MS = 1000;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  EMAIL_BATCH_SIZE = 100;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(50)
  EMAIL_CONCURRENCY = 5;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  EMAIL_MAX_ATTEMPTS = 12;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(86_400_000)
  EMAIL_RETRY_BASE_MS = 30_000;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(7 * 86_400_000)
  EMAIL_RETRY_MAX_MS = 3_600_000;

  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(3600)
  EMAIL_LEASE_SECONDS = 120;

  /** The share of time the outbox may spend sending while the process serves over 50 requests a second; 100: never give way. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  EMAIL_BUSY_SHARE_PERCENT = 20;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3650)
  EMAIL_UNSUBSCRIBE_TTL_DAYS = 730;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  STRIPE_SECRET_KEY?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  STRIPE_WEBHOOK_SECRET?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  STRIPE_API_BASE?: string;

  /** Where "give again" links point (the cancellation email); default `${APP_URL}/donate`. */
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  DONATE_URL?: string;

  /** How old a signed webhook may be (Stripe's default tolerance is 300 s). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(86400)
  STRIPE_WEBHOOK_TOLERANCE_SECONDS = 300;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(50)
  GRANT_REVIEW_QUORUM = 2;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  RUNWAY_ALERT_MONTHS = 6;

  /** Default per-student cap of a summer-of-code season, in minor units of the season's budget currency (500000 = 5,000.00). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  STIPEND_CAP = 500000;

  @IsIn(['on', 'off'])
  JOBS: 'on' | 'off' = 'on';

  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(86400)
  JOBS_INTERVAL_SECONDS = 300;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3650)
  INTEREST_LINK_TTL_DAYS = 365;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3650)
  GRANTEE_LINK_TTL_DAYS = 730;

  /**
   * Which proxies' X-Forwarded-For to believe for the client address (rate limits, login
   * throttle): `false` (none, the default), `true` (any: only behind a proxy that overwrites it),
   * a number of hops, or a comma-separated list of proxy addresses or CIDRs.
   */
  @Matches(/^(true|false|\d{1,2}|[0-9a-fA-F.:/]+(\s*,\s*[0-9a-fA-F.:/]+)*)$/, {
    message: 'TRUST_PROXY must be true, false, a number of hops or a comma-separated list of addresses/CIDRs',
  })
  TRUST_PROXY = 'false';

  /** Largest amount (minor units) a person may type into a money field; 10^12 by default. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  MAX_MANUAL_AMOUNT_MINOR = 1_000_000_000_000;

  /** auto: demo data on the embedded default's first start; 1: load it at every start; 0: never. */
  @IsIn(['auto', '0', '1'])
  SEED_DEMO: 'auto' | '0' | '1' = 'auto';
}

export type Env = EnvironmentVariables;

/** TRUST_PROXY as Fastify's `trustProxy` option takes it. */
export function trustProxySetting(value: string): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (value === 'true' || value === 'false') return value === 'true';
  if (/^\d+$/.test(value)) {
    // n hops: the nearest n proxies are trusted, as Fastify does for a number.
    const hops = Number(value);
    return (_address, hop) => hop < hops;
  }
  return value.split(',').map((part) => part.trim());
}

/**
 * The variable and the rule it broke, never the value: a configuration error ends up in logs
 * and CI output, and the value may be a secret (JWT_SECRET, ADMIN_PASSWORD, a password inside
 * SMTP_URL or DATABASE_URL). class-validator's messages name the rule without the value.
 */
function describe(error: ValidationError): string {
  const rules = Object.values(error.constraints ?? {}).join('; ');
  return `${error.property}: ${rules}${error.value === undefined ? ' (not set)' : ''}`;
}

function broken(property: string, rule: string): ValidationError {
  return Object.assign(new ValidationError(), { property, constraints: { rule } });
}

/** Throws one line naming every wrong variable and what it expected; fills derived defaults. */
export function validateEnv(raw: Record<string, unknown>): EnvironmentVariables {
  const env = plainToInstance(EnvironmentVariables, raw, { exposeDefaultValues: true });
  const errors = validateSync(env, { skipMissingProperties: false });
  if (!isCurrencyCode(env.BASE_CURRENCY)) {
    errors.push(broken('BASE_CURRENCY', 'BASE_CURRENCY must be an ISO 4217 currency code such as EUR'));
  }
  // Several instances on one database must sign and check tokens (and unsubscribe links) with
  // one key; a key generated into each instance's DATA_DIR would log users out at random.
  if (env.DATABASE_URL && !env.JWT_SECRET) {
    errors.push(broken('JWT_SECRET', 'JWT_SECRET is required when DATABASE_URL is set, so every instance signs tokens alike (32+ characters)'));
  }
  if (errors.length > 0) {
    throw new ConfigurationError(`Invalid configuration: ${errors.map(describe).join(' | ')}`);
  }
  if (!env.APP_URL) env.APP_URL = `http://localhost:${env.PORT}`;
  env.APP_URL = env.APP_URL.replace(/\/+$/, '');
  if (!env.DONATE_URL) env.DONATE_URL = `${env.APP_URL}/donate`;
  env.MIGRATIONS_RUN ??= env.DATABASE_URL ? 'false' : 'true';
  return env;
}

/** A wrong setting: main and the CLI print its message alone, without a stack trace. */
export class ConfigurationError extends Error {}
