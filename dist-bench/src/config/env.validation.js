var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
import 'reflect-metadata';
import { plainToInstance, Transform } from 'class-transformer';
import { IsEmail, IsIn, IsInt, IsOptional, IsString, IsUrl, Max, MaxLength, Min, MinLength, validateSync, ValidationError, } from 'class-validator';
import { isCurrencyCode } from '../common/money/currency.js';
const toInt = ({ value }) => typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
const emptyToUndefined = ({ value }) => typeof value === 'string' && value.trim() === '' ? undefined : value;
export class EnvironmentVariables {
    NODE_ENV = 'development';
    PORT = 3000;
    HOST = '127.0.0.1';
    APP_URL;
    DATABASE_URL;
    DATABASE_POOL_MAX = 10;
    DATA_DIR = './data';
    MIGRATIONS_RUN = 'true';
    JWT_SECRET;
    JWT_TTL_SECONDS = 900;
    ADMIN_EMAIL;
    ADMIN_PASSWORD;
    LOGIN_MAX_FAILURES = 5;
    LOGIN_LOCK_MINUTES = 15;
    LOGIN_RATE_LIMIT_PER_MINUTE = 20;
    PUBLIC_RATE_LIMIT_PER_MINUTE = 30;
    BODY_LIMIT_BYTES = 1024 * 1024;
    LOG_LEVEL = 'info';
    BASE_CURRENCY = 'EUR';
    SMTP_URL;
    MAIL_FROM = 'Coffer <coffer@localhost>';
    MAIL_DIR = './var/mail';
    STRIPE_SECRET_KEY;
    STRIPE_WEBHOOK_SECRET;
    STRIPE_API_BASE;
    GRANT_REVIEW_QUORUM = 2;
    RUNWAY_ALERT_MONTHS = 6;
    SEED_DEMO = '0';
}
__decorate([
    IsIn(['development', 'production', 'test']),
    __metadata("design:type", String)
], EnvironmentVariables.prototype, "NODE_ENV", void 0);
__decorate([
    Transform(toInt),
    IsInt(),
    Min(0),
    Max(65535),
    __metadata("design:type", Object)
], EnvironmentVariables.prototype, "PORT", void 0);
__decorate([
    IsString(),
    __metadata("design:type", Object)
], EnvironmentVariables.prototype, "HOST", void 0);
__decorate([
    IsOptional(),
    Transform(emptyToUndefined),
    IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }),
    __metadata("design:type", String)
], EnvironmentVariables.prototype, "APP_URL", void 0);
__decorate([
    IsOptional(),
    Transform(emptyToUndefined),
    IsUrl({ require_tld: false, protocols: ['postgres', 'postgresql'], require_protocol: true }),
    __metadata("design:type", String)
], EnvironmentVariables.prototype, "DATABASE_URL", void 0);
__decorate([
    Transform(toInt),
    IsInt(),
    Min(1),
    Max(100),
    __metadata("design:type", Object)
], EnvironmentVariables.prototype, "DATABASE_POOL_MAX", void 0);
__decorate([
    IsString(),
    __metadata("design:type", Object)
], EnvironmentVariables.prototype, "DATA_DIR", void 0);
__decorate([
    IsIn(['true', 'false']),
    __metadata("design:type", Object)
], EnvironmentVariables.prototype, "MIGRATIONS_RUN", void 0);
__decorate([
    IsOptional(),
    Transform(emptyToUndefined),
    IsString(),
    MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' }),
    __metadata("design:type", String)
], EnvironmentVariables.prototype, "JWT_SECRET", void 0);
__decorate([
    Transform(toInt),
    IsInt(),
    Min(60),
    Max(86400),
    __metadata("design:type", Object)
], EnvironmentVariables.prototype, "JWT_TTL_SECONDS", void 0);
__decorate([
    IsOptional(),
    Transform(emptyToUndefined),
    IsEmail({ require_tld: false }),
    __metadata("design:type", String)
], EnvironmentVariables.prototype, "ADMIN_EMAIL", void 0);
__decorate([
    IsOptional(),
    Transform(emptyToUndefined),
    IsString(),
    MinLength(12, { message: 'ADMIN_PASSWORD must be at least 12 characters' }),
    __metadata("design:type", String)
], EnvironmentVariables.prototype, "ADMIN_PASSWORD", void 0);
__decorate([
    Transform(toInt),
    IsInt(),
    Min(1),
    Max(100),
    __metadata("design:type", Object)
], EnvironmentVariables.prototype, "LOGIN_MAX_FAILURES", void 0);
__decorate([
    Transform(toInt),
    IsInt(),
    Min(1),
    Max(1440),
    __metadata("design:type", Object)
], EnvironmentVariables.prototype, "LOGIN_LOCK_MINUTES", void 0);
__decorate([
    Transform(toInt),
    IsInt(),
    Min(1),
    __metadata("design:type", Object)
], EnvironmentVariables.prototype, "LOGIN_RATE_LIMIT_PER_MINUTE", void 0);
__decorate([
    Transform(toInt),
    IsInt(),
    Min(1),
    __metadata("design:type", Object)
], EnvironmentVariables.prototype, "PUBLIC_RATE_LIMIT_PER_MINUTE", void 0);
__decorate([
    Transform(toInt),
    IsInt(),
    Min(1024),
    Max(100 * 1024 * 1024),
    __metadata("design:type", Object)
], EnvironmentVariables.prototype, "BODY_LIMIT_BYTES", void 0);
__decorate([
    IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    __metadata("design:type", Object)
], EnvironmentVariables.prototype, "LOG_LEVEL", void 0);
__decorate([
    Transform(({ value }) => (typeof value === 'string' ? value.toUpperCase() : value)),
    IsString(),
    MaxLength(3),
    __metadata("design:type", Object)
], EnvironmentVariables.prototype, "BASE_CURRENCY", void 0);
__decorate([
    IsOptional(),
    Transform(emptyToUndefined),
    IsUrl({ require_tld: false, protocols: ['smtp', 'smtps'], require_protocol: true }),
    __metadata("design:type", String)
], EnvironmentVariables.prototype, "SMTP_URL", void 0);
__decorate([
    IsString(),
    __metadata("design:type", Object)
], EnvironmentVariables.prototype, "MAIL_FROM", void 0);
__decorate([
    IsString(),
    __metadata("design:type", Object)
], EnvironmentVariables.prototype, "MAIL_DIR", void 0);
__decorate([
    IsOptional(),
    Transform(emptyToUndefined),
    IsString(),
    __metadata("design:type", String)
], EnvironmentVariables.prototype, "STRIPE_SECRET_KEY", void 0);
__decorate([
    IsOptional(),
    Transform(emptyToUndefined),
    IsString(),
    __metadata("design:type", String)
], EnvironmentVariables.prototype, "STRIPE_WEBHOOK_SECRET", void 0);
__decorate([
    IsOptional(),
    Transform(emptyToUndefined),
    IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }),
    __metadata("design:type", String)
], EnvironmentVariables.prototype, "STRIPE_API_BASE", void 0);
__decorate([
    Transform(toInt),
    IsInt(),
    Min(1),
    Max(50),
    __metadata("design:type", Object)
], EnvironmentVariables.prototype, "GRANT_REVIEW_QUORUM", void 0);
__decorate([
    Transform(toInt),
    IsInt(),
    Min(0),
    __metadata("design:type", Object)
], EnvironmentVariables.prototype, "RUNWAY_ALERT_MONTHS", void 0);
__decorate([
    IsIn(['0', '1']),
    __metadata("design:type", Object)
], EnvironmentVariables.prototype, "SEED_DEMO", void 0);
function describe(error) {
    const expected = Object.values(error.constraints ?? {}).join('; ');
    const shown = error.value === undefined ? 'missing' : `got "${String(error.value)}"`;
    return `${error.property}: ${expected} (${shown})`;
}
export function validateEnv(raw) {
    const env = plainToInstance(EnvironmentVariables, raw, { exposeDefaultValues: true });
    const errors = validateSync(env, { skipMissingProperties: false });
    if (!isCurrencyCode(env.BASE_CURRENCY)) {
        errors.push(Object.assign(new ValidationError(), {
            property: 'BASE_CURRENCY',
            value: env.BASE_CURRENCY,
            constraints: { currency: 'BASE_CURRENCY must be an ISO 4217 currency code such as EUR' },
        }));
    }
    if (env.NODE_ENV === 'production' && env.DATABASE_URL && !env.JWT_SECRET) {
        errors.push(Object.assign(new ValidationError(), {
            property: 'JWT_SECRET',
            value: undefined,
            constraints: { required: 'JWT_SECRET is required in production so every instance signs tokens alike' },
        }));
    }
    if (errors.length > 0) {
        throw new Error(`Invalid configuration: ${errors.map(describe).join(' | ')}`);
    }
    if (!env.APP_URL)
        env.APP_URL = `http://localhost:${env.PORT}`;
    env.APP_URL = env.APP_URL.replace(/\/+$/, '');
    return env;
}
//# sourceMappingURL=env.validation.js.map