import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { FastifyRequest } from 'fastify';
import { EntityManager } from 'typeorm';
import { AccessTokenService } from '../auth/access-token.js';
import { linkRefs, links } from '../auth/links.js';
import { todayUtc } from '../common/util/months.js';
import type { Env } from '../config/env.validation.js';
import { TransactionService } from '../database/transaction.service.js';
import { EmailTemplate, pickLocale } from '../email/email-template.js';
import { OutboxService } from '../email/outbox.service.js';
import { catalogs } from '../i18n/catalogs.js';
import type { Locale } from '../i18n/locale.js';
import { boardMembers } from '../users/board.js';
import { ApplicationStage, PUBLIC_APPLICATION_STAGE } from './application-stage.js';
import { ApplicationUpload, readApplication } from './application-upload.js';
import { HiringException } from './hiring.exception.js';

/**
 * Applications to a role (SPEC §7), the public side: the form with its CV, the applicant's
 * acknowledgement and status link, and the board's notification (a link, never the CV).
 */
@Injectable()
export class ApplicationsService {
  constructor(
    private readonly tx: TransactionService,
    private readonly outbox: OutboxService,
    private readonly tokens: AccessTokenService,
    private readonly config: ConfigService<Env, true>,
  ) {}

  async submit(roleId: string, request: FastifyRequest, acceptLanguage: string | undefined): Promise<{ id: string }> {
    return this.accept(roleId, await readApplication(request), pickLocale(acceptLanguage));
  }

  /**
   * An application already read and validated (`readApplication`, or the page's form through the
   * same DTO and CV check): stored with its CV, acknowledged to the applicant in `locale` with the
   * status link, announced to the board. Throws when the role does not take applications today.
   */
  async accept(roleId: string, upload: ApplicationUpload, locale: Locale): Promise<{ id: string }> {
    // Honeypot: a bot that fills every field gets the same answer as a person, and nothing is kept.
    if (upload.fields.website && upload.fields.website.trim() !== '') return { id: randomUUID() };
    return this.tx.run(async (m) => {
      const role = await this.openRole(m, roleId);
      const { fields, cv } = upload;
      const [{ id }] = await m.query(`INSERT INTO role_applications (role_id, name, email, message, links, locale) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, [
        roleId,
        fields.name,
        fields.email,
        fields.message,
        fields.links ?? [],
        locale,
      ]);
      if (cv) {
        await m.query(`INSERT INTO role_application_cvs (application_id, content, sha256, filename) VALUES ($1, $2, $3, $4)`, [
          id,
          cv.content,
          createHash('sha256').update(cv.content).digest('hex'),
          cv.filename,
        ]);
      }
      await this.notify(m, id, roleId, role.title, upload, locale);
      return { id };
    });
  }

  /** What a status link shows: the role, the public stage in the applicant's language, dates. */
  async publicStatus(token: string) {
    const id = await this.tokens.resolve('role_application_status', token);
    const [row]: { stage: ApplicationStage; locale: Locale; role: string; receivedAt: Date; updatedAt: Date }[] = await this.tx.manager.query(
      `SELECT a.stage, a.locale, r.title AS role, a.created_at AS "receivedAt", a.updated_at AS "updatedAt"
         FROM role_applications a JOIN roles r ON r.id = a.role_id WHERE a.id = $1 AND a.erased_at IS NULL`,
      [id],
    );
    if (!row) throw HiringException.notFound(id);
    const status = PUBLIC_APPLICATION_STAGE[row.stage];
    return { role: row.role, status, message: catalogs().t(row.locale, `hiring:status.${status}`), receivedAt: row.receivedAt, updatedAt: row.updatedAt };
  }

  /** The role, locked against a concurrent status move, if it takes applications today. */
  private async openRole(m: EntityManager, roleId: string): Promise<{ title: string }> {
    const [role]: { title: string; status: string; posting: boolean; deadline: string | null }[] = await m.query(
      `SELECT title, status, posting_description IS NOT NULL AS posting, to_char(posting_deadline, 'YYYY-MM-DD') AS deadline FROM roles WHERE id = $1 FOR SHARE`,
      [roleId],
    );
    if (!role || role.status !== 'hiring' || !role.posting) throw HiringException.notHiring(roleId);
    if (role.deadline && role.deadline < todayUtc()) throw HiringException.deadlinePassed(role.deadline);
    return role;
  }

  private async notify(m: EntityManager, id: string, roleId: string, roleTitle: string, { fields, cv }: ApplicationUpload, locale: Locale): Promise<void> {
    const { id: tokenId } = await this.tokens.issue(m, 'role_application_status', id, this.config.get('INTEREST_LINK_TTL_DAYS', { infer: true }));
    await this.outbox.enqueue(m, {
      template: EmailTemplate.RoleApplicationReceived,
      to: fields.email,
      locale,
      props: { name: fields.name, roleTitle, cvReceived: cv !== null, statusUrl: linkRefs.roleApplicationStatus(tokenId) },
      // One acknowledgement per address, role and day whoever submits: the form cannot be used
      // to mail a stranger over and over. Hashed, so the key names nobody after an erasure.
      dedupeKey: `role-application-received:${roleId}:${createHash('sha256').update(fields.email).digest('hex')}:${todayUtc()}`,
    });
    const applicationUrl = links.roleApplication(this.config.get('APP_URL', { infer: true }), id);
    for (const member of await boardMembers(m)) {
      await this.outbox.enqueue(m, {
        template: EmailTemplate.RoleApplicationBoard,
        to: member.email,
        locale: 'en',
        props: {
          boardMemberName: member.name,
          roleTitle,
          applicantName: fields.name,
          applicantEmail: fields.email,
          message: fields.message,
          links: fields.links ?? [],
          hasCv: cv !== null,
          applicationUrl,
        },
        dedupeKey: `role-application-board:${id}:${member.id}`,
      });
    }
  }
}
