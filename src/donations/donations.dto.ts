import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { IsCurrencyCode } from '../common/money/money.dto.js';
import { PaginationQuery } from '../common/pagination/pagination.dto.js';
import { FundCode } from '../funds/fund-code.js';
import { SponsorRefDto } from '../sponsors/sponsors.dto.js';
import { SingleLine } from '../common/validation/single-line.js';
import { MaxManualAmount } from '../common/money/amount-limit.js';
import { CRYPTO_ASSET_CODES, SMALLEST_UNIT } from './crypto-assets.js';
import { IsDateOrDateTime } from '../common/validation/validators.js';

export const CHANNELS = ['stripe', 'patreon', 'merch', 'bank', 'crypto', 'other'] as const;
/** Stripe donations arrive by webhook or sync only; everything else may be recorded by hand. */
export const MANUAL_CHANNELS = ['bank', 'crypto', 'other', 'patreon', 'merch'] as const;
export const STATUSES = ['succeeded', 'refunded', 'partially_refunded', 'disputed', 'failed', 'reversed'] as const;

/** The coin side of a crypto gift; the donation's amount and currency are its fiat valuation at receipt. */
export class CryptoGiftDto {
  @ApiProperty({ enum: CRYPTO_ASSET_CODES, example: 'ETH' })
  @IsIn(CRYPTO_ASSET_CODES, { message: `crypto.asset must be one of ${CRYPTO_ASSET_CODES.join(', ')}` })
  asset: string;

  @ApiProperty({ example: '1500000000000000000', description: "Amount in the coin's smallest unit (satoshi, wei, …) as a decimal string" })
  // A JSON number is accepted only while it is exact; wei amounts need the string.
  @Transform(({ value }) => (typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value))
  @IsString({ message: "crypto.amount must be a whole number of the coin's smallest unit as a decimal string (e.g. wei for ETH)" })
  @Matches(SMALLEST_UNIT, { message: 'crypto.amount must be a positive whole number of the coin\'s smallest unit (digits only, e.g. "1500000000000000000" wei)' })
  amount: string;

  @ApiProperty({ example: `0x${'ab'.repeat(32)}` })
  @IsString()
  @Length(16, 128, { message: 'crypto.txHash must be a transaction hash (16-128 characters)' })
  txHash: string;
}

export class CreateDonationDto {
  @ApiProperty({ enum: MANUAL_CHANNELS, description: 'A cheque is `other`' })
  @IsIn(MANUAL_CHANNELS, { message: `channel must be one of ${MANUAL_CHANNELS.join(', ')} (Stripe donations come from Stripe)` })
  channel: (typeof MANUAL_CHANNELS)[number];

  @ApiProperty({ example: 2500, description: 'Gross, in minor units' })
  @IsInt({ message: 'amount must be an integer count of the minor unit (cents)' })
  @Min(1)
  @MaxManualAmount()
  amount: number;

  @ApiProperty({ example: 'EUR' })
  @IsCurrencyCode()
  currency: string;

  @ApiProperty({ example: '2026-03-14T10:00:00Z' })
  // Not any ISO 8601 form: `2026-06` or `2026-W01` would be booked on a day nobody chose.
  @IsDateOrDateTime()
  receivedAt: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  sponsorId?: string;

  @ApiPropertyOptional({ type: SponsorRefDto, description: 'Found by email (case-insensitive) or created' })
  @IsOptional()
  @ValidateNested()
  @Type(() => SponsorRefDto)
  sponsor?: SponsorRefDto;

  @ApiPropertyOptional({ example: 'general', default: 'general' })
  @IsOptional()
  @FundCode()
  fund?: string;

  @ApiPropertyOptional({ example: 0, description: 'Fee withheld by the channel, minor units' })
  @IsOptional()
  @IsInt({ message: 'fee must be an integer count of the minor unit (cents)' })
  @Min(0)
  @MaxManualAmount()
  fee?: number;

  @ApiPropertyOptional({ example: 'SEPA ref 2026-03-14 / cheque no. 118' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  @SingleLine()
  reference?: string;

  @ApiPropertyOptional({ description: "The channel's own id (unique per channel), e.g. a bank transaction id" })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  externalId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  anonymous?: boolean;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  recurring?: boolean;

  @ApiPropertyOptional({ type: CryptoGiftDto, description: 'Channel crypto: the coin, its amount in the smallest unit and the transaction hash' })
  @IsOptional()
  @ValidateNested()
  @Type(() => CryptoGiftDto)
  crypto?: CryptoGiftDto;

  @ApiPropertyOptional({ example: '1.0825', description: 'Rate to BASE_CURRENCY (decimal string); default the latest recorded rate' })
  @IsOptional()
  @Matches(/^\d{1,18}(\.\d{1,12})?$/, { message: 'rateToBase must be a positive decimal string such as 1.0825' })
  rateToBase?: string;
}

const toBool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class DonationsQuery extends PaginationQuery {
  @ApiPropertyOptional({ enum: CHANNELS })
  @IsOptional()
  @IsIn(CHANNELS)
  channel?: string;

  @ApiPropertyOptional({ enum: STATUSES })
  @IsOptional()
  @IsIn(STATUSES)
  status?: string;

  @ApiPropertyOptional({ example: 'general' })
  @IsOptional()
  @FundCode()
  fund?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  sponsorId?: string;

  @ApiPropertyOptional({ example: '2026-01-01', description: 'Received at or after (date or time)' })
  @IsOptional()
  @IsDateOrDateTime()
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-31', description: 'Received on or before (a date includes the whole day, UTC)' })
  @IsOptional()
  @IsDateOrDateTime()
  to?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(toBool)
  @IsBoolean({ message: 'reconciled must be true or false' })
  reconciled?: boolean;

  @ApiPropertyOptional({ description: 'Keyset cursor: the `next` of the previous answer. Pages past it without OFFSET (page is then ignored).' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,200}$/, { message: 'after must be the next cursor of a previous answer' })
  after?: string;
}

export class ReassignFundDto {
  @ApiProperty({ example: 'rsoc' })
  @FundCode()
  fund: string;
}

export class ReverseDonationDto {
  @ApiProperty({ example: 'Booked twice: the same transfer is donation 3f…', description: 'Why the donation is reversed (kept in the audit log)' })
  @IsString()
  @MinLength(3)
  @MaxLength(500)
  @SingleLine()
  reason: string;
}
