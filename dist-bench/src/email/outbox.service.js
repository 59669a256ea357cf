var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
let OutboxService = class OutboxService {
    config;
    constructor(config) {
        this.config = config;
    }
    async enqueue(m, email) {
        const host = new URL(this.config.get('APP_URL', { infer: true })).hostname || 'coffer.local';
        const id = randomUUID();
        const rows = await m.query(`INSERT INTO email_outbox (id, template, locale, recipient, props, category, dedupe_key, message_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`, [id, email.template, email.locale, email.to, JSON.stringify(email.props), email.category ?? 'transactional', email.dedupeKey ?? null, `<${id}@${host}>`]);
        return rows[0]?.id ?? null;
    }
};
OutboxService = __decorate([
    Injectable(),
    __metadata("design:paramtypes", [ConfigService])
], OutboxService);
export { OutboxService };
//# sourceMappingURL=outbox.service.js.map