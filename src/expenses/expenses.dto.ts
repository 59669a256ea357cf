import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsObject, IsOptional, IsString, IsUrl, Matches, MaxLength, ValidateNested } from 'class-validator';
import { MoneyDto } from '../common/money/money.dto.js';
import { PaginationQuery } from '../common/pagination/pagination.dto.js';
import { Check, isCalendarDate, ShortText } from '../common/validation/validators.js';

export class CreateExpenseDto {
  @ApiProperty({ example: 'hosting', description: 'Lower-case category; posted to expenses:<category>' })
  @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/, { message: 'category must be lower-case letters, digits and dashes (e.g. hosting, ci, hardware, bank-charges)' })
  category: string;

  @ApiProperty({ example: 'Hetzner Online GmbH' })
  @ShortText()
  payee: string;

  @ApiProperty({ example: 'general' })
  @IsString()
  @MaxLength(63)
  fund: string;

  @ApiProperty({ type: MoneyDto })
  @IsObject({ message: 'amount must be {amount, currency}' })
  @ValidateNested()
  @Type(() => MoneyDto)
  amount: MoneyDto;

  @ApiProperty({ example: '2026-11-03' })
  @Check('isCalendarDate', isCalendarDate, 'spentOn must be a calendar date YYYY-MM-DD')
  spentOn: string;

  @ApiPropertyOptional({ example: 'Invoice R-2026-1103' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reference?: string;

  @ApiPropertyOptional({ example: 'https://files.example.org/receipts/R-2026-1103.pdf' })
  @IsOptional()
  @IsUrl({ require_protocol: true, protocols: ['http', 'https'] }, { message: 'receiptUrl must be an http(s) link' })
  @MaxLength(2000)
  receiptUrl?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;

  @ApiPropertyOptional({ example: 'assets:bank', default: 'assets:bank' })
  @IsOptional()
  @Matches(/^assets(:[a-z0-9][a-z0-9-]*)+$/, { message: 'paidFrom must be an asset account such as assets:bank' })
  @MaxLength(200)
  paidFrom?: string;
}

export class ExpensesQuery extends PaginationQuery {
  @ApiPropertyOptional({ example: 'hosting' })
  @IsOptional()
  @IsString()
  @MaxLength(63)
  category?: string;

  @ApiPropertyOptional({ example: 'general' })
  @IsOptional()
  @IsString()
  @MaxLength(63)
  fund?: string;
}
