import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EntityManager } from 'typeorm';
import type { Env } from '../config/env.validation.js';
import { PropsOf } from './email-props.js';
import { EmailTemplate, Locale } from './email-template.js';

export interface OutgoingEmail<T extends EmailTemplate> {
  template: T;
  to: string;
  locale: Locale;
  props: PropsOf<T>;
  /** `bulk` adds List-Unsubscribe headers (sponsor updates, statements). */
  category?: 'transactional' | 'bulk';
  /** A natural key for the cause ("receipt:<donationId>"); a second enqueue with it is a no-op. */
  dedupeKey?: string;
}

/**
 * Queues email in the caller's transaction. Nothing is sent here: the outbox worker sends
 * after commit, so a rolled-back change never emails anyone.
 */
@Injectable()
export class OutboxService {
  constructor(private readonly config: ConfigService<Env, true>) {}

  /** Returns the outbox id, or null when `dedupeKey` was already queued. */
  async enqueue<T extends EmailTemplate>(m: EntityManager, email: OutgoingEmail<T>): Promise<string | null> {
    const host = new URL(this.config.get('APP_URL', { infer: true })).hostname || 'coffer.local';
    const id = randomUUID();
    const rows: { id: string }[] = await m.query(
      `INSERT INTO email_outbox (id, template, locale, recipient, props, category, dedupe_key, message_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
      [id, email.template, email.locale, email.to, JSON.stringify(email.props), email.category ?? 'transactional', email.dedupeKey ?? null, `<${id}@${host}>`],
    );
    return rows[0]?.id ?? null;
  }
}
