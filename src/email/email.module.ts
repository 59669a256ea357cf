import { Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { AuditModule } from '../audit/audit.module.js';
import { EmailLogService } from './email-log.service.js';
import { EmailsController } from './emails.controller.js';
import { OutboxStore } from './outbox-store.js';
import { OutboxWorker } from './outbox-worker.service.js';
import { OutboxService } from './outbox.service.js';
import { SuppressionService } from './suppression.service.js';
import { TemplateRenderer } from './template-renderer.js';
import { UnsubscribeController } from './unsubscribe.controller.js';
import { UnsubscribeService } from './unsubscribe.service.js';

const UNSUBSCRIBE_POST = /^\/api\/v1\/unsubscribe\/[^/?#]+(?:\?|$)/;

@Module({
  imports: [AuditModule],
  controllers: [EmailsController, UnsubscribeController],
  providers: [
    OutboxService,
    OutboxStore,
    OutboxWorker,
    SuppressionService,
    UnsubscribeService,
    EmailLogService,
    { provide: TemplateRenderer, useFactory: () => new TemplateRenderer() },
  ],
  exports: [EmailLogService, OutboxService, SuppressionService, UnsubscribeService, TemplateRenderer, OutboxWorker],
})
export class EmailModule implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly worker: OutboxWorker,
  ) {}

  /**
   * One-click unsubscribe requests arrive as `application/x-www-form-urlencoded` or
   * `multipart/form-data` (RFC 8058), which this app does not otherwise parse. The POST itself
   * is the request and its body carries nothing we need, so for that one route the body is read
   * as plain text (size-limited as always) instead of adding app-wide parsers that would clash
   * with ones other features register (e.g. @fastify/multipart for imports).
   */
  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify?.addHook) return;
    // Every request counts towards the load the outbox gives way to (OutboxWorker.start).
    this.worker.foreground.watch(fastify);
    fastify.addHook('onRequest', async (request) => {
      if (request.method !== 'POST' || !UNSUBSCRIBE_POST.test(request.url)) return;
      const type = request.headers['content-type'] ?? '';
      if (/^\s*(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(type)) request.raw.headers['content-type'] = 'text/plain';
    });
  }
}
