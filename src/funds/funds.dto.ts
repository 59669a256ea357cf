import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsObject, IsOptional, IsString, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { MoneyDto } from '../common/money/money.dto.js';
import { SingleLine } from '../common/validation/single-line.js';
import { Check, isCalendarDate, Reason } from '../common/validation/validators.js';
import { FundCode } from './fund-code.js';

export class CreateFundDto {
  @ApiProperty({ example: 'build-engineer' })
  @FundCode()
  code: string;

  @ApiProperty({ example: 'Build engineer' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @SingleLine()
  name: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiPropertyOptional({ default: true, description: 'Restricted funds may only pay for their purpose' })
  @IsOptional()
  @IsBoolean()
  restricted?: boolean;
}

export class UpdateFundDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @SingleLine()
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class FundTransferDto {
  @ApiProperty({ example: 'general', description: 'Fund the money leaves' })
  @IsString()
  @MaxLength(63)
  from: string;

  @ApiProperty({ example: 'rsoc', description: 'Fund the money goes to' })
  @IsString()
  @MaxLength(63)
  to: string;

  @ApiProperty({ type: MoneyDto })
  @ValidateNested()
  @Type(() => MoneyDto)
  @IsObject({ message: 'amount must be {amount, currency}' })
  amount: MoneyDto;

  @ApiProperty({ example: '2026-11-30' })
  @Check('isCalendarDate', isCalendarDate, 'transferredOn must be a calendar date YYYY-MM-DD')
  transferredOn: string;

  @ApiProperty({ example: 'Board decision 2026-11-28: top up RSoC from general donations' })
  @Reason()
  reason: string;
}
