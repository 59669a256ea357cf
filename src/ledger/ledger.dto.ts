import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID, Matches } from 'class-validator';
import { PaginationQuery } from '../common/pagination/pagination.dto.js';
import { IsCurrencyCode } from '../common/money/money.dto.js';
import { FundCode } from '../funds/fund-code.js';
import { IsDateOrDateTime } from '../common/validation/validators.js';

export class AccountsQuery {
  @ApiPropertyOptional({ example: 'general' })
  @IsOptional()
  @FundCode()
  fund?: string;

  @ApiPropertyOptional({ example: 'EUR' })
  @IsOptional()
  @IsCurrencyCode()
  currency?: string;

  @ApiPropertyOptional({ example: '2026-12-31', description: 'Balances as of this effective date' })
  @IsOptional()
  @IsDateOrDateTime()
  asOf?: string;
}

export class EntriesQuery extends PaginationQuery {
  @ApiPropertyOptional({ example: '2026-01-01' })
  @IsOptional()
  @IsDateOrDateTime()
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-31' })
  @IsOptional()
  @IsDateOrDateTime()
  to?: string;

  @ApiPropertyOptional({ example: 'assets:stripe', description: 'This account or any below it' })
  @IsOptional()
  @Matches(/^[a-z0-9:-]{1,200}$/, { message: 'account must be an account name such as assets:stripe' })
  account?: string;

  @ApiPropertyOptional({ example: 'general' })
  @IsOptional()
  @FundCode()
  fund?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  donationId?: string;
}
