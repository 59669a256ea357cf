import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { ImportProfilesService } from './import-profiles.service.js';
import { ImportQueries } from './import-queries.service.js';
import { ImportsController } from './imports.controller.js';
import { ImportsService } from './imports.service.js';

/**
 * Patreon, merch and bank files → raw hashed rows → bank lines, provider payouts and provider
 * income. Needs @fastify/multipart, registered in app.factory.ts with IMPORT_MAX_BYTES.
 */
@Module({
  imports: [AuditModule],
  controllers: [ImportsController],
  providers: [ImportsService, ImportQueries, ImportProfilesService],
  exports: [ImportsService, ImportProfilesService],
})
export class ImportsModule {}
