import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export class JournalExportQuery {
  @ApiPropertyOptional({ enum: ['ledger', 'beancount', 'csv'], default: 'ledger' })
  @IsOptional()
  @IsIn(['ledger', 'beancount', 'csv'], { message: 'format must be one of ledger, beancount, csv' })
  format?: 'ledger' | 'beancount' | 'csv';

  @ApiPropertyOptional({ example: '2026-01-01' })
  @IsOptional()
  @Matches(DATE, { message: 'from must be a date YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-31' })
  @IsOptional()
  @Matches(DATE, { message: 'to must be a date YYYY-MM-DD' })
  to?: string;
}
