import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { IsCurrencyCode } from '../common/money/money.dto.js';
import { FundCode } from '../funds/fund-code.js';
import { SingleLine } from '../common/validation/single-line.js';

export class CheckoutDto {
  @ApiProperty({ example: 2500, description: 'Minor units' })
  @IsInt({ message: 'amount must be an integer count of the minor unit (cents)' })
  @Min(1)
  @Max(99_999_999)
  amount: number;

  @ApiProperty({ example: 'EUR' })
  @IsCurrencyCode()
  currency: string;

  @ApiPropertyOptional({ enum: ['once', 'month'], default: 'once' })
  @IsOptional()
  @IsIn(['once', 'month'])
  interval?: 'once' | 'month';

  @ApiPropertyOptional({ example: 'general', default: 'general' })
  @IsOptional()
  @FundCode()
  fund?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsEmail({ require_tld: false })
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @SingleLine()
  name?: string;
}
