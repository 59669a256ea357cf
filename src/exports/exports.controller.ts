import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../auth/access.decorator.js';
import { AppException } from '../common/errors/app.exception.js';
import { JournalExportQuery } from './exports.dto.js';
import { ExportsService } from './exports.service.js';

const CONTENT_TYPES = { ledger: 'text/plain; charset=utf-8', beancount: 'text/plain; charset=utf-8', csv: 'text/csv; charset=utf-8' };
const EXTENSIONS = { ledger: 'journal', beancount: 'beancount', csv: 'csv' };

@ApiTags('exports')
@Controller('api/v1/exports')
export class ExportsController {
  constructor(private readonly exports: ExportsService) {}

  /** The books for the accountant: hledger/Ledger, Beancount or CSV (one row per posting). */
  @Roles('admin', 'treasurer')
  @Get('journal')
  @ApiProduces('text/plain', 'text/csv')
  async journal(@Query() q: JournalExportQuery, @Res({ passthrough: true }) reply: FastifyReply) {
    const format = q.format ?? 'ledger';
    if (q.from && q.to && q.to < q.from) {
      throw new AppException('invalid', 'export_bad_range', `to (${q.to}) is before from (${q.from})`, [{ field: 'to', message: 'must not be before from' }]);
    }
    const body = await this.exports.journal(format, q.from, q.to);
    void reply
      .header('content-type', CONTENT_TYPES[format])
      .header('content-disposition', `attachment; filename="coffer-${q.from ?? 'start'}-${q.to ?? 'now'}.${EXTENSIONS[format]}"`);
    return body;
  }
}
