import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { PaginationQuery } from '../common/pagination/pagination.dto.js';
import { SingleLine } from '../common/validation/single-line.js';

export class EmailPreferencesDto {
  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  receipts?: boolean;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  updates?: boolean;
}

export class SponsorRefDto {
  @ApiProperty({ example: 'Ada Lovelace' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @SingleLine()
  name: string;

  @ApiProperty({ example: 'ada@example.org' })
  @IsEmail({ require_tld: false })
  @MaxLength(254)
  email: string;
}

export class CreateSponsorDto extends SponsorRefDto {
  @ApiPropertyOptional({ enum: ['individual', 'organization'], default: 'individual' })
  @IsOptional()
  @IsIn(['individual', 'organization'])
  kind?: 'individual' | 'organization';

  @ApiPropertyOptional({ description: 'Name shown publicly (unless anonymous)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @SingleLine()
  publicName?: string;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  anonymous?: boolean;

  @ApiPropertyOptional({ enum: ['en', 'de'], default: 'en' })
  @IsOptional()
  @IsIn(['en', 'de'])
  locale?: 'en' | 'de';

  @ApiPropertyOptional({ type: EmailPreferencesDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => EmailPreferencesDto)
  emailPreferences?: EmailPreferencesDto;
}

export class UpdateSponsorDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @SingleLine()
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsEmail({ require_tld: false })
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ enum: ['individual', 'organization'] })
  @IsOptional()
  @IsIn(['individual', 'organization'])
  kind?: 'individual' | 'organization';

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @SingleLine()
  publicName?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  anonymous?: boolean;

  @ApiPropertyOptional({ enum: ['en', 'de'] })
  @IsOptional()
  @IsIn(['en', 'de'])
  locale?: 'en' | 'de';

  @ApiPropertyOptional({ type: EmailPreferencesDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => EmailPreferencesDto)
  emailPreferences?: EmailPreferencesDto;
}

export class SponsorsQuery extends PaginationQuery {
  @ApiPropertyOptional({ description: 'Part of a name or email' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}

export class StatementQuery {
  @ApiProperty({ example: 2026 })
  @Transform(({ value }) => (typeof value === 'string' && /^\d{4}$/.test(value) ? Number(value) : value))
  @IsInt({ message: 'year must be a four-digit year' })
  @Min(2000)
  @Max(2100)
  year: number;
}
