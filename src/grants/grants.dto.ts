import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsUrl,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { MoneyDto } from '../common/money/money.dto.js';
import { PaginationQuery } from '../common/pagination/pagination.dto.js';
import { Check, isCalendarDate, NoControlChars, Trim, TrimLower, ShortText } from '../common/validation/validators.js';
import { LOCALES, type Locale } from '../email/email-template.js';
import { FundCode } from '../funds/fund-code.js';
import { GRANT_STATUSES, type GrantStatus } from './grant-status.js';
import { MaxManualAmount } from '../common/money/amount-limit.js';

/**
 * The funder is an open name: NLnet, another foundation, or 'self' for the organisation's own
 * stipends (which then need the fund that pays them).
 */
export type Funder = string;
export const SELF_FUNDER = 'self';

export class ApplicantDto {
  @ApiProperty({ example: 'Ada Lovelace' })
  @ShortText()
  name: string;

  @ApiProperty({ example: 'ada@example.org' })
  @TrimLower()
  @IsString()
  @MaxLength(254)
  @IsEmail({}, { message: 'applicant.email must be an email address' })
  email: string;

  @ApiPropertyOptional({ enum: LOCALES, description: "Default: the linked interest's language, else en" })
  @IsOptional()
  @IsIn(LOCALES)
  locale?: Locale;
}

export class CreateGrantDto {
  @ApiProperty({ example: 'Unix-style Signals' })
  @ShortText()
  title: string;

  @ApiProperty({ example: 'NLnet', description: "The funder's name (NLnet, another foundation…), or 'self' for the organisation's own stipends" })
  @ShortText()
  funder: Funder;

  @ApiPropertyOptional({ default: true, description: 'false for a grant a contributor won on their own that the organisation supports but does not administer' })
  @IsOptional()
  @IsBoolean()
  administered?: boolean;

  @ApiPropertyOptional({ type: [String], example: ['unix-signals'], description: 'Priority-area codes the grant works on' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Matches(/^[a-z0-9-]{1,60}$/, { each: true, message: 'each area must be a priority-area code' })
  areas?: string[];

  @ApiProperty({ type: ApplicantDto })
  @IsObject()
  @ValidateNested()
  @Type(() => ApplicantDto)
  applicant: ApplicantDto;

  @ApiProperty({ type: MoneyDto })
  @IsObject()
  @ValidateNested()
  @Type(() => MoneyDto)
  requestedAmount: MoneyDto;

  @ApiPropertyOptional({ example: 'NGI Zero Core' })
  @IsOptional()
  @ShortText()
  programme?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  callId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  interestId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  @NoControlChars()
  abstract?: string;

  @ApiPropertyOptional({ example: '2025-02-012', description: "The funder's reference" })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 100)
  @NoControlChars()
  externalRef?: string;

  @ApiPropertyOptional({ example: 'rsoc', description: "Fund that pays a 'self' stipend (required then)" })
  @IsOptional()
  @FundCode()
  fund?: string;
}

export class UpdateGrantDto {
  @ApiPropertyOptional()
  @IsOptional()
  @ShortText()
  title?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @ShortText()
  programme?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  @NoControlChars()
  abstract?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 100)
  @NoControlChars()
  externalRef?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  callId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  administered?: boolean;

  @ApiPropertyOptional({ type: [String], description: 'Replaces the grant’s priority areas' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Matches(/^[a-z0-9-]{1,60}$/, { each: true, message: 'each area must be a priority-area code' })
  areas?: string[];
}

export class GrantStatusDto {
  @ApiProperty({ enum: GRANT_STATUSES })
  @IsIn(GRANT_STATUSES)
  status: GrantStatus;

  @ApiPropertyOptional({ type: MoneyDto, description: 'Required when moving to selected' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => MoneyDto)
  awardedAmount?: MoneyDto;

  @ApiPropertyOptional({ description: 'Internal note; never shown to the applicant' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 5000)
  @NoControlChars()
  note?: string;
}

export class GrantListQuery extends PaginationQuery {
  @ApiPropertyOptional({ enum: GRANT_STATUSES })
  @IsOptional()
  @IsIn(GRANT_STATUSES)
  status?: GrantStatus;

  @ApiPropertyOptional({ example: 'NLnet' })
  @IsOptional()
  @ShortText()
  funder?: Funder;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  callId?: string;
}

export class MilestoneInputDto {
  @ApiPropertyOptional({ description: 'An existing milestone to amend (active grants); omit for a new one' })
  @IsOptional()
  @IsUUID()
  id?: string;

  @ApiProperty({ example: 'Signal delivery in the kernel' })
  @ShortText()
  title: string;

  @ApiProperty({ example: 650000, description: "Minor units in the grant's currency" })
  @IsInt({ message: 'amount must be an integer count of the minor unit (cents)' })
  @Min(1)
  @MaxManualAmount()
  amount: number;

  @ApiProperty({ example: '2026-03-31' })
  @Check('isCalendarDate', isCalendarDate, 'dueOn must be a real date YYYY-MM-DD')
  dueOn: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  @NoControlChars()
  deliverables?: string;

  @ApiPropertyOptional({ example: 'https://gitlab.redox-os.org/redox-os/kernel/-/issues/123', description: 'The tracking issue of the work' })
  @IsOptional()
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true }, { message: 'trackingUrl must be an http(s) URL' })
  @MaxLength(2000)
  trackingUrl?: string;
}
