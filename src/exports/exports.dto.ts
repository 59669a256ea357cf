import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { Check, isCalendarDate } from '../common/validation/validators.js';

/** A day that exists (no 2026-02-30) and that PostgreSQL can hold (no year 0). */
const isExportDate = (value: unknown) => isCalendarDate(value) && (value as string) >= '0001-01-01';

export class JournalExportQuery {
  @ApiPropertyOptional({ enum: ['ledger', 'beancount', 'csv'], default: 'ledger' })
  @IsOptional()
  @IsIn(['ledger', 'beancount', 'csv'], { message: 'format must be one of ledger, beancount, csv' })
  format?: 'ledger' | 'beancount' | 'csv';

  @ApiPropertyOptional({ example: '2026-01-01' })
  @IsOptional()
  @Check('isExportDate', isExportDate, 'from must be a calendar date YYYY-MM-DD')
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-31' })
  @IsOptional()
  @Check('isExportDate', isExportDate, 'to must be a calendar date YYYY-MM-DD')
  to?: string;
}
