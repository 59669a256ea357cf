var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
import { Catch, HttpException, Logger } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { AppException } from './app.exception.js';
import { errorBody } from './error-body.js';
const STATUS = {
    invalid: 400,
    unauthorized: 401,
    forbidden: 403,
    not_found: 404,
    conflict: 409,
    too_large: 413,
    rate_limited: 429,
    unavailable: 503,
};
const PG_STATUS = {
    '23505': [409, 'That record already exists'],
    '23503': [400, 'A referenced record does not exist'],
    '23514': [400, 'A value is out of the allowed range'],
    '22P02': [400, 'A value has the wrong format'],
    '22003': [400, 'A number is out of range'],
    '22007': [400, 'A date or time is invalid'],
    '22008': [400, 'A date or time is out of range'],
    '22001': [400, 'A value is too long'],
    '40001': [409, 'The request conflicted with another; retry it'],
    '40P01': [409, 'The request conflicted with another; retry it'],
};
let HttpExceptionFilter = class HttpExceptionFilter {
    logger = new Logger('Errors');
    catch(exception, host) {
        const reply = host.switchToHttp().getResponse();
        const body = this.toBody(exception);
        if (body.statusCode >= 500)
            this.logger.error(exception instanceof Error ? exception.stack : String(exception));
        if (body.statusCode === 429 && !reply.getHeader('retry-after'))
            reply.header('retry-after', '60');
        void reply.status(body.statusCode).send(body);
    }
    toBody(exception) {
        if (exception instanceof AppException) {
            return errorBody(STATUS[exception.kind], exception.message, { code: exception.code, details: exception.details });
        }
        if (exception instanceof HttpException) {
            const status = exception.getStatus();
            const response = exception.getResponse();
            if (typeof response === 'object' && response !== null && 'details' in response) {
                const r = response;
                return errorBody(status, r.message, { details: r.details });
            }
            const message = typeof response === 'string' ? response : (response.message ?? exception.message);
            return errorBody(status, Array.isArray(message) ? message.join('; ') : String(message));
        }
        if (exception instanceof QueryFailedError) {
            const code = exception.driverError?.code ?? '';
            const known = PG_STATUS[code];
            if (known)
                return errorBody(known[0], known[1]);
            if (code === 'P0001')
                return errorBody(409, exception.driverError.message);
        }
        const fastify = exception;
        if (typeof fastify.statusCode === 'number' && fastify.statusCode >= 400 && fastify.statusCode < 500) {
            const message = fastify.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? 'Request body is too large' : (fastify.message ?? 'Bad request');
            return errorBody(fastify.statusCode, message);
        }
        return errorBody(500, 'Internal server error');
    }
};
HttpExceptionFilter = __decorate([
    Catch()
], HttpExceptionFilter);
export { HttpExceptionFilter };
//# sourceMappingURL=http-exception.filter.js.map