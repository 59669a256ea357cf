import { randomBytes } from 'node:crypto';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AllConfig } from './config/config.js';
import { TransactionService } from './database/transaction.service.js';
import { SYSTEM_ACTOR } from './users/role.js';
import { UsersService } from './users/users.service.js';

export interface FirstAdmin {
  email: string;
  /** Only set when Coffer generated the password itself, so it can be shown once. */
  generatedPassword?: string;
}

/** Creates the first admin when no user exists (ADMIN_EMAIL / ADMIN_PASSWORD, or generated). */
@Injectable()
export class BootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Bootstrap');
  firstAdmin?: FirstAdmin;

  constructor(
    private readonly users: UsersService,
    private readonly tx: TransactionService,
    private readonly config: ConfigService<AllConfig, true>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { email, password: configured } = this.config.getOrThrow('admin', { infer: true });
    const password = configured ?? randomBytes(12).toString('base64url');
    // Advisory lock: several instances starting at once must create one admin, not three.
    const created = await this.tx.run(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(7342003)`);
      if ((await this.users.count()) > 0) return false;
      await this.users.create({ email, name: 'Administrator', roles: ['admin'], password }, SYSTEM_ACTOR);
      return true;
    });
    if (created) {
      this.firstAdmin = { email, generatedPassword: configured ? undefined : password };
      this.logger.log('Created the first admin user');
    }
  }

  /** The longest-standing active admin, for work the app does on an admin's behalf (demo seed). */
  async anyAdminId(): Promise<string> {
    const [row] = (await this.tx.manager.query(`SELECT id FROM users WHERE active AND 'admin' = ANY(roles) ORDER BY created_at LIMIT 1`)) as { id: string }[];
    return row.id;
  }
}
