import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches, ValidateNested } from 'class-validator';
import { PaginationQuery } from '../common/pagination/pagination.dto.js';
import { LOCALES } from '../i18n/locale.js';

/** A subject is one line: no control characters, so nothing can be smuggled into a mail header. */
const ONE_LINE = /^[^\p{Cc}\u2028\u2029]*$/u;
export const AUDIENCE = /^(all|recurring|fund:[a-z0-9][a-z0-9-]{0,62})$/;
export const MAX_BODY = 50_000;

export class UpdateVariantDto {
  @ApiProperty({ example: 'Was Ihre Unterstützung diesen Herbst bewirkt hat' })
  @IsString()
  @Length(1, 200)
  @Matches(ONE_LINE, { message: 'subject must be one line without control characters' })
  subject: string;

  @ApiProperty({ description: 'Markdown' })
  @IsString()
  @Length(1, MAX_BODY)
  body: string;
}

export class PeriodDto {
  @ApiProperty({ example: '2026-09-01' })
  @IsISO8601({ strict: true }, { message: 'from must be a date YYYY-MM-DD' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'from must be a date YYYY-MM-DD' })
  from: string;

  @ApiProperty({ example: '2026-11-30' })
  @IsISO8601({ strict: true }, { message: 'to must be a date YYYY-MM-DD' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'to must be a date YYYY-MM-DD' })
  to: string;
}

export class TranslationsDto {
  @ApiPropertyOptional({ type: UpdateVariantDto, description: 'German variant; German sponsors get English without it' })
  @IsOptional()
  @ValidateNested()
  @Type(() => UpdateVariantDto)
  de?: UpdateVariantDto;
}

export class CreateUpdateDto {
  @ApiProperty({ example: 'What your support built this autumn' })
  @IsString()
  @Length(1, 200)
  @Matches(ONE_LINE, { message: 'subject must be one line without control characters' })
  subject: string;

  @ApiProperty({ description: 'Markdown, rendered to sanitised HTML and plain text' })
  @IsString()
  @Length(1, MAX_BODY)
  body: string;

  @ApiProperty({ example: 'all', description: '`all`, `recurring` (sponsors with an active recurring donation) or `fund:<code>`' })
  @IsString()
  @Matches(AUDIENCE, { message: 'audience must be all, recurring or fund:<code>' })
  audience: string;

  @ApiPropertyOptional({ default: false, description: 'Add the period’s figures from the books and the grants' })
  @IsOptional()
  @IsBoolean()
  includeImpactSummary?: boolean;

  @ApiPropertyOptional({ type: PeriodDto, description: 'The period the impact summary covers; default the last three months' })
  @IsOptional()
  @ValidateNested()
  @Type(() => PeriodDto)
  period?: PeriodDto;

  @ApiPropertyOptional({ type: TranslationsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => TranslationsDto)
  translations?: TranslationsDto;
}

/** Editing a draft: any field of the draft, with the same rules; translations replace the stored ones. */
export class EditUpdateDto extends PartialType(CreateUpdateDto) {}

export class PreviewQuery {
  @ApiPropertyOptional({ description: 'Render as this sponsor would receive it (their name and language)' })
  @IsOptional()
  @IsUUID()
  sponsorId?: string;

  @ApiPropertyOptional({ enum: LOCALES, description: 'Without a sponsor: the language to preview' })
  @IsOptional()
  @IsIn(LOCALES)
  locale?: (typeof LOCALES)[number];
}

export class UpdatesQuery extends PaginationQuery {}
