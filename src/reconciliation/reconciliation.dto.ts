import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches, MaxLength, ValidateNested } from 'class-validator';
import { PaginationQuery } from '../common/pagination/pagination.dto.js';
import { FundCode } from '../funds/fund-code.js';
import { SponsorRefDto } from '../sponsors/sponsors.dto.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class CreateRunDto {
  @ApiProperty({ example: '2026-03-01' })
  @Matches(DATE, { message: 'from must be a date (YYYY-MM-DD)' })
  @IsISO8601({ strict: true }, { message: 'from must be a real date' })
  from: string;

  @ApiProperty({ example: '2026-03-31' })
  @Matches(DATE, { message: 'to must be a date (YYYY-MM-DD)' })
  @IsISO8601({ strict: true }, { message: 'to must be a real date' })
  to: string;
}

export const ITEM_STATES = ['matched', 'suggested', 'open'] as const;

export class RunItemsQuery extends PaginationQuery {
  @ApiPropertyOptional({ enum: ITEM_STATES })
  @IsOptional()
  @IsIn(ITEM_STATES)
  state?: (typeof ITEM_STATES)[number];

  @ApiPropertyOptional({ example: 'unidentified_deposit' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  kind?: string;
}

/** Either accept a suggestion (`suggestionId`) or pair a bank line with one counterpart by hand. */
export class CreateMatchDto {
  @ApiPropertyOptional({ description: 'An active suggestion to accept' })
  @IsOptional()
  @IsUUID()
  suggestionId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  bankLineId?: string;

  @ApiPropertyOptional({ description: 'A Stripe payout' })
  @IsOptional()
  @IsUUID()
  payoutId?: string;

  @ApiPropertyOptional({ description: 'A Patreon or merch payout' })
  @IsOptional()
  @IsUUID()
  providerPayoutId?: string;

  @ApiPropertyOptional({ description: 'A donation already recorded by hand (bank, cheque, crypto)' })
  @IsOptional()
  @IsUUID()
  donationId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class ClassifyDto {
  @ApiProperty({ enum: ['donation', 'not_donation'] })
  @IsIn(['donation', 'not_donation'])
  as: 'donation' | 'not_donation';

  @ApiPropertyOptional({ example: 'general' })
  @IsOptional()
  @FundCode()
  fund?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  sponsorId?: string;

  @ApiPropertyOptional({ type: SponsorRefDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => SponsorRefDto)
  sponsor?: SponsorRefDto;

  @ApiProperty({ description: 'Why: who sent it, or what it is if not a donation' })
  @IsString()
  @MaxLength(2000)
  note: string;
}

export class AcknowledgeDto {
  @ApiProperty({ example: 'Test charge in live mode, refunded by Stripe support; never settled' })
  @IsString()
  @Matches(/\S/, { message: 'reason must say why the finding is accepted as it is' })
  @Length(1, 2000, { message: 'reason must be 1-2000 characters' })
  reason: string;
}
