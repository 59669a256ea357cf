import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import { Check, isCalendarDate } from '../common/validation/validators.js';
import { IsCurrencyCode } from '../common/money/money.dto.js';
import { isRate } from './rate-math.js';

export class RecordRateDto {
  @ApiProperty({ example: '2026-11-30', description: 'The day the rate applies from (YYYY-MM-DD)' })
  @Check('isCalendarDate', isCalendarDate, 'date must be a calendar date YYYY-MM-DD')
  date: string;

  @ApiProperty({ example: 'USD' })
  @IsCurrencyCode()
  from: string;

  @ApiProperty({ example: 'EUR' })
  @IsCurrencyCode()
  to: string;

  @ApiProperty({ example: '0.92', description: '1 unit of `from` in units of `to`, as a decimal string (kept exactly; up to 12 decimals)' })
  @IsString({ message: 'rate must be a decimal string such as "0.92" (not a number, so nothing is lost to floating point)' })
  @Check('isRate', isRate, 'rate must be a positive decimal string with at most 18 digits before and 12 after the point')
  rate: string;
}

export class RatesQuery {
  @ApiPropertyOptional({ example: 'USD' })
  @IsOptional()
  @IsCurrencyCode()
  currency?: string;
}
