var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
import { HttpStatus, Injectable } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { from, lastValueFrom, map } from 'rxjs';
import { TransactionService } from '../../database/transaction.service.js';
import { AppException } from '../errors/app.exception.js';
import { sha256Hex, stableStringify } from '../util/stable-json.js';
export class IdempotencyException extends AppException {
    static reused() {
        return new IdempotencyException('conflict', 'idempotency_key_reused', 'This Idempotency-Key was already used with a different request body');
    }
    static badKey() {
        return new IdempotencyException('invalid', 'idempotency_key_invalid', 'Idempotency-Key must be 1 to 255 visible ASCII characters', [
            { field: 'Idempotency-Key', message: 'must be 1 to 255 visible ASCII characters' },
        ]);
    }
}
let IdempotencyInterceptor = class IdempotencyInterceptor {
    tx;
    constructor(tx) {
        this.tx = tx;
    }
    intercept(context, next) {
        const http = context.switchToHttp();
        const request = http.getRequest();
        const reply = http.getResponse();
        const key = request.headers['idempotency-key'];
        if (key === undefined)
            return next.handle();
        if (typeof key !== 'string' || !/^[\x21-\x7e]{1,255}$/.test(key))
            throw IdempotencyException.badKey();
        const scope = `${request.actor?.id ?? 'public'} ${request.method} ${request.url.split('?')[0]}`;
        const requestHash = sha256Hex(stableStringify(request.body ?? null));
        const status = Reflect.getMetadata(HTTP_CODE_METADATA, context.getHandler()) ?? HttpStatus.CREATED;
        const outcome = this.tx.run(async (m) => {
            const inserted = await m.query(`INSERT INTO idempotency_keys (scope, key, request_hash) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING key`, [scope, key, requestHash]);
            if (inserted.length === 0) {
                const [stored] = await m.query(`SELECT request_hash, status_code, response FROM idempotency_keys WHERE scope = $1 AND key = $2`, [scope, key]);
                if (stored.request_hash !== requestHash)
                    throw IdempotencyException.reused();
                return { replayed: true, status: stored.status_code, body: stored.response };
            }
            const body = await lastValueFrom(next.handle(), { defaultValue: null });
            const json = body === undefined ? null : JSON.parse(JSON.stringify(body));
            await m.query(`UPDATE idempotency_keys SET status_code = $3, response = $4 WHERE scope = $1 AND key = $2`, [scope, key, status, JSON.stringify(json)]);
            return { replayed: false, status, body: json };
        });
        return from(outcome).pipe(map(({ replayed, status: code, body }) => {
            if (replayed)
                void reply.status(code).header('idempotent-replayed', 'true');
            return body;
        }));
    }
};
IdempotencyInterceptor = __decorate([
    Injectable(),
    __metadata("design:paramtypes", [TransactionService])
], IdempotencyInterceptor);
export { IdempotencyInterceptor };
//# sourceMappingURL=idempotency.interceptor.js.map